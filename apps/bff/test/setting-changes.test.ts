import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentMethodRow, RefundReasonRow } from '../src/db/schema.ts';
import { givenPayment, givenPaymentMethod, givenRefundReason } from './fixtures.ts';
import { expectMatchesContract } from './contract.ts';
import { createStaff, startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

const THRESHOLDS = '/api/settings/refund_approval_thresholds';
const DEFAULTS = { USD: '1000.00', EUR: '1000.00', GBP: '800.00', JPY: '150000' };

describe(`weakening a money control takes a second admin (${TEST_DB})`, () => {
  let app: TestApp;
  let ada: ApiClient;
  let grace: ApiClient;
  let card: PaymentMethodRow;
  let reason: RefundReasonRow;

  beforeAll(async () => {
    app = await startTestApp();
    await createStaff(app.db, 'admin', 'ada@example.test');
    await createStaff(app.db, 'admin', 'grace@example.test');
    ada = app.client();
    await ada.login('ada@example.test');
    grace = app.client();
    await grace.login('grace@example.test');
    card = await givenPaymentMethod(app.db);
    reason = await givenRefundReason(app.db);
  });
  afterAll(() => app.close());

  const thresholds = async () => (await ada.get(THRESHOLDS)).body.value;
  const reset = () => app.db.deleteFrom('settings').where('key', '=', 'refund_approval_thresholds').execute();
  const audits = (action: string) =>
    app.db
      .selectFrom('audit_events')
      .select(['outcome', 'note', 'reason', 'staff_user_id'])
      .where('action', '=', action)
      .orderBy('id')
      .execute();

  it('a raised threshold is filed, not applied: refunds keep waiting until another admin approves it', async () => {
    await reset();
    const asked = await ada.put(THRESHOLDS, { value: { ...DEFAULTS, USD: '5000.00' } });
    expect(asked.status).toBe(202);
    expectMatchesContract('PUT', THRESHOLDS, asked.status, asked.body);
    expect(asked.body).toMatchObject({ value: DEFAULTS, pending_change: { value: { ...DEFAULTS, USD: '5000.00' } } });
    expect(await thresholds()).toEqual(DEFAULTS);

    const { payment } = await givenPayment(app.db, card, {
      status: 'confirmed',
      total: '2500.00',
      captured_amount: '2500.00',
    });
    const refund = await ada.post(`/api/payments/${payment.id}/refund`, { amount: '1100.00', reason_id: reason.id });
    expect(refund.status).toBe(202);
    expect(refund.body.refunded_amount).toBe('0.00');

    const self = await ada.post(`${THRESHOLDS}/approve`);
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('Forbidden');
    expect(await thresholds()).toEqual(DEFAULTS);

    // Approve takes no body (the contract's EmptyRequest): an unknown field is refused, nothing applied.
    const withValue = await grace.post(`${THRESHOLDS}/approve`, { value: { USD: '9000.00' } });
    expect(withValue.status).toBe(400);
    expect(withValue.body.message).toEqual({ body: 'Unknown field: value.' });
    expect(await thresholds()).toEqual(DEFAULTS);

    const approved = await grace.post(`${THRESHOLDS}/approve`);
    expect(approved.status).toBe(200);
    expectMatchesContract('POST', `${THRESHOLDS}/approve`, approved.status, approved.body);
    expect(approved.body).toMatchObject({ value: { USD: '5000.00' }, pending_change: null });
    expect(await thresholds()).toMatchObject({ USD: '5000.00' });
    expect((await audits('settings.approve')).map((a) => a.outcome)).toEqual(['refused', 'succeeded']);
    expect((await audits('settings.edit')).at(-1)?.note).toMatch(/second admin/);
  });

  it('a currency given a threshold where every refund waited is filed too', async () => {
    await reset();
    const asked = await ada.put(THRESHOLDS, { value: { ...DEFAULTS, CHF: '100.00' } });
    expect(asked.status).toBe(202);
    expect(await thresholds()).toEqual(DEFAULTS);
    const rejected = await grace.post(`${THRESHOLDS}/reject`);
    expectMatchesContract('POST', `${THRESHOLDS}/reject`, rejected.status, rejected.body);
    expect(rejected.body).toMatchObject({ value: DEFAULTS, pending_change: null });
    expect((await grace.post(`${THRESHOLDS}/approve`)).status).toBe(409);
  });

  it('a stricter control applies at once: emptied, every refund waits (it fails closed)', async () => {
    await reset();
    const lowered = await ada.put(THRESHOLDS, { value: { ...DEFAULTS, USD: '10.00' } });
    expect(lowered.status).toBe(200);
    expectMatchesContract('PUT', THRESHOLDS, lowered.status, lowered.body);
    expect(await thresholds()).toMatchObject({ USD: '10.00' });

    expect((await ada.put(THRESHOLDS, { value: {} })).status).toBe(200);
    const { payment } = await givenPayment(app.db, card, {
      status: 'confirmed',
      total: '50.00',
      captured_amount: '50.00',
    });
    const small = await ada.post(`/api/payments/${payment.id}/refund`, { amount: '1.00', reason_id: reason.id });
    expect(small.status).toBe(202);
    expect(small.body.refunded_amount).toBe('0.00');
  });

  it('a newer request supersedes the one waiting; only admins decide', async () => {
    await reset();
    expect((await ada.put(THRESHOLDS, { value: { ...DEFAULTS, USD: '2000.00' } })).status).toBe(202);
    expect((await grace.put(THRESHOLDS, { value: { ...DEFAULTS, USD: '3000.00' } })).status).toBe(202);
    const statuses = await app.db
      .selectFrom('setting_changes')
      .select(['status', 'value'])
      .where('key', '=', 'refund_approval_thresholds')
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    expect(statuses.map((s) => s.status)).toEqual(['pending', 'superseded']);

    const finance = await app.signedIn('finance');
    expect((await finance.post(`${THRESHOLDS}/approve`)).status).toBe(403);
    expect((await grace.post(`${THRESHOLDS}/approve`)).status).toBe(403);
    expect((await ada.post(`${THRESHOLDS}/approve`)).body.value).toMatchObject({ USD: '3000.00' });
  });

  it('settings that guard no money apply at once', async () => {
    const changed = await ada.put('/api/settings/fraud_review_sla_hours', { value: 8 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ value: 8, pending_change: null });
  });
});
