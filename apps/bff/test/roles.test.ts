import { can, STAFF_ROLES, type StaffRole } from '@paydesk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentMethodRow, RefundReasonRow } from '../src/db/schema.ts';
import { givenPayment, givenPaymentMethod, givenRefundReason } from './fixtures.ts';
import { randomKey, startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

interface Command {
  resource: string;
  action: string;
  request: (client: ApiClient, fixtures: Fixtures) => Promise<{ status: number; body: any }>;
}

interface Fixtures {
  method: PaymentMethodRow;
  reason: RefundReasonRow;
  preauth: () => Promise<number>;
  confirmed: () => Promise<number>;
  waiting: () => Promise<number>;
  /** A complete order whose only payment was voided: its balance is due. */
  orderDue: () => Promise<number>;
}

const COMMANDS: Command[] = [
  {
    resource: 'payments',
    action: 'capture',
    request: async (c, f) => c.post(`/api/payments/${await f.preauth()}/capture`),
  },
  { resource: 'payments', action: 'void', request: async (c, f) => c.post(`/api/payments/${await f.preauth()}/void`) },
  {
    resource: 'payments',
    action: 'invalidate',
    request: async (c, f) => c.post(`/api/payments/${await f.waiting()}/invalidate`),
  },
  {
    resource: 'payments',
    action: 'bulk-capture',
    request: async (c, f) => c.post('/api/payments/bulk-capture', { ids: [await f.preauth()] }),
  },
  {
    resource: 'capture-runs',
    action: 'create',
    request: async (c, f) => c.post('/api/capture-runs', { ids: [await f.preauth()] }),
  },
  {
    resource: 'capture-runs',
    action: 'preview',
    request: async (c, f) => c.post('/api/capture-runs/preview', { ids: [await f.preauth()] }),
  },
  { resource: 'capture-runs', action: 'cancel', request: (c) => c.post('/api/capture-runs/999999/cancel') },
  { resource: 'capture-runs', action: 'list', request: (c) => c.get('/api/capture-runs') },
  {
    resource: 'payments',
    action: 'refund',
    request: async (c, f) =>
      c.post(`/api/payments/${await f.confirmed()}/refund`, { reason_id: f.reason.id, amount: '1.00' }),
  },
  {
    resource: 'payment-methods',
    action: 'create',
    request: (c) => c.post('/api/payment-methods', { type: 'check', name: 'Role check' }),
  },
  {
    resource: 'payment-methods',
    action: 'edit',
    request: (c, f) => c.put(`/api/payment-methods/${f.method.id}`, { type: 'bogus', name: 'Renamed' }),
  },
  { resource: 'payment-methods', action: 'delete', request: (c, f) => c.delete(`/api/payment-methods/${f.method.id}`) },
  {
    resource: 'refund-reasons',
    action: 'create',
    request: (c) =>
      c.post('/api/refund-reasons', { name: 'Role check', code: `role_${Math.random().toString(36).slice(2, 8)}` }),
  },
  {
    resource: 'refund-reasons',
    action: 'edit',
    request: (c, f) => c.put(`/api/refund-reasons/${f.reason.id}`, { name: 'Customer request', code: f.reason.code }),
  },
  {
    resource: 'settings',
    action: 'edit',
    request: (c) => c.put('/api/settings/store_default_auto_capture', { value: false }),
  },
  {
    resource: 'settings',
    action: 'approve',
    request: (c) => c.post('/api/settings/refund_approval_thresholds/approve'),
  },
  {
    resource: 'settings',
    action: 'reject',
    request: (c) => c.post('/api/settings/refund_approval_thresholds/reject'),
  },
  {
    resource: 'orders',
    action: 'add-payment',
    request: async (c, f) =>
      c.post(
        `/api/orders/${await f.orderDue()}/payments`,
        {
          payment_method_id: f.method.id,
          amount: '20.00',
          card: { number: '4111111111111111', exp_month: 12, exp_year: 2031, cvv: '123' },
        },
        { 'idempotency-key': randomKey() },
      ),
  },
  { resource: 'staff-users', action: 'list', request: (c) => c.get('/api/staff-users') },
  { resource: 'audit-events', action: 'list', request: (c) => c.get('/api/audit-events') },
  { resource: 'payments', action: 'list', request: (c) => c.get('/api/payments') },
  { resource: 'log-entries', action: 'list', request: (c) => c.get('/api/log-entries') },
];

describe(`roles (${TEST_DB})`, () => {
  let app: TestApp;
  let fixtures: Fixtures;
  const clients = new Map<StaffRole, ApiClient>();

  beforeAll(async () => {
    app = await startTestApp();
    for (const role of STAFF_ROLES) clients.set(role, await app.signedIn(role));
    const method = await givenPaymentMethod(app.db);
    const reason = await givenRefundReason(app.db);
    const id = async (given: Parameters<typeof givenPayment>[2]) =>
      (await givenPayment(app.db, method, given)).payment.id;
    fixtures = {
      method,
      reason,
      preauth: () => id({ status: 'preauth', total: '20.00' }),
      confirmed: () => id({ status: 'confirmed', total: '20.00', captured_amount: '20.00' }),
      waiting: () => id({ status: 'waiting' }),
      orderDue: async () => (await givenPayment(app.db, method, { status: 'void', total: '20.00' })).order.id,
    };
  });
  afterAll(() => app.close());

  const cases = STAFF_ROLES.flatMap((role) =>
    COMMANDS.map((command) => [role, `${command.resource}.${command.action}`, command] as const),
  );

  it.each(cases)('%s → %s', async (role, _name, command) => {
    const client = clients.get(role)!;
    const allowed = can(role, command.resource, command.action);
    const staff = await app.db
      .selectFrom('staff_users')
      .select('id')
      .where('role', '=', role)
      .executeTakeFirstOrThrow();
    const denials = async () =>
      (
        await app.db
          .selectFrom('audit_events')
          .select('id')
          .where('outcome', '=', 'denied')
          .where('staff_user_id', '=', staff.id)
          .where('action', '=', `${command.resource}.${command.action}`)
          .execute()
      ).length;
    const before = await denials();
    const response = await command.request(client, fixtures);
    if (allowed) {
      expect(response.status, JSON.stringify(response.body)).not.toBe(403);
      expect(await denials()).toBe(before);
      return;
    }
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('Forbidden');
    expect(await denials()).toBe(before + 1);
  });

  it('a refused command moves no money: a viewer capture leaves no log entry', async () => {
    const id = await fixtures.preauth();
    expect((await clients.get('viewer')!.post(`/api/payments/${id}/capture`)).status).toBe(403);
    expect(await app.db.selectFrom('log_entries').selectAll().where('payment_id', '=', id).execute()).toHaveLength(0);
    const payment = await app.db.selectFrom('payments').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(payment.status).toBe('preauth');
  });

  it('audits edits to payment methods, refund reasons and settings', async () => {
    const admin = clients.get('admin')!;
    const created = await admin.post('/api/payment-methods', { type: 'check', name: 'Audited' });
    await admin.put('/api/settings/store_default_auto_capture', { value: true });
    await admin.post('/api/refund-reasons', { name: 'Bad', code: 'Not Valid' });
    const events = await app.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', 'in', ['payment-methods.create', 'settings.edit', 'refund-reasons.create'])
      .execute();
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'payment-methods.create',
          outcome: 'succeeded',
          record_id: String(created.body.id),
        }),
        expect.objectContaining({
          action: 'settings.edit',
          outcome: 'succeeded',
          record_id: 'store_default_auto_capture',
        }),
        expect.objectContaining({ action: 'refund-reasons.create', outcome: 'refused' }),
      ]),
    );
  });
});
