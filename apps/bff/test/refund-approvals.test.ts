import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentMethodRow, RefundReasonRow } from '../src/db/schema.ts';
import { expectMatchesContract } from './contract.ts';
import { givenPayment, givenPaymentMethod, givenRefundReason } from './fixtures.ts';
import { createStaff, startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

describe(`two-person approval of large refunds (${TEST_DB})`, () => {
  let app: TestApp;
  let fiona: ApiClient;
  let felix: ApiClient;
  let card: PaymentMethodRow;
  let reason: RefundReasonRow;

  beforeAll(async () => {
    app = await startTestApp();
    await createStaff(app.db, 'finance', 'fiona@example.test');
    await createStaff(app.db, 'finance', 'felix@example.test');
    fiona = app.client();
    await fiona.login('fiona@example.test');
    felix = app.client();
    await felix.login('felix@example.test');
    card = await givenPaymentMethod(app.db);
    reason = await givenRefundReason(app.db);
  });
  afterAll(() => app.close());

  const bigPayment = async () =>
    (await givenPayment(app.db, card, { status: 'confirmed', total: '2500.00', captured_amount: '2500.00' })).payment;
  const stored = (id: number) =>
    app.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('holds a refund above the threshold until a second person approves it', async () => {
    const p = await bigPayment();
    const asked = await fiona.post(`/api/payments/${p.id}/refund`, {
      amount: '1500.00',
      reason_id: reason.id,
      note: 'Damaged goods',
    });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ refunded_amount: '0.00', status: 'confirmed' });
    const approvalId = asked.body.pending_approval_id;
    expect(await app.db.selectFrom('log_entries').selectAll().where('payment_id', '=', p.id).execute()).toHaveLength(0);

    const pending = await felix.list('refund-approvals', { filter: { status: 'pending', payment_id: p.id } });
    expectMatchesContract('GET', '/api/refund-approvals', pending.status, pending.body);
    const one = await felix.get(`/api/refund-approvals/${approvalId}`);
    expectMatchesContract('GET', `/api/refund-approvals/${approvalId}`, one.status, one.body);
    expect(pending.body).toMatchObject([
      {
        id: approvalId,
        amount: '1500.00',
        requested_by_name: 'Test finance',
        reason_name: 'Customer request',
        note: 'Damaged goods',
      },
    ]);

    const attention = await felix.get('/api/needs-attention');
    expectMatchesContract('GET', '/api/needs-attention', attention.status, attention.body);
    const waitingBefore = attention.body.pending_approvals;
    expect(waitingBefore).toBeGreaterThanOrEqual(1);

    const self = await fiona.post(`/api/refund-approvals/${approvalId}/approve`);
    expect(self.status).toBe(403);
    expect(self.body.message).toMatch(/second person/);

    const approved = await felix.post(`/api/refund-approvals/${approvalId}/approve`, { note: 'Checked the photos' });
    expect(approved.status).toBe(200);
    expectMatchesContract('POST', `/api/refund-approvals/${approvalId}/approve`, approved.status, approved.body);
    expect(approved.body).toMatchObject({ status: 'approved', decision_note: 'Checked the photos' });
    expect((await felix.get('/api/needs-attention')).body.pending_approvals).toBe(waitingBefore - 1);
    expect(approved.body.refund_id).toEqual(expect.any(Number));
    expect(await stored(p.id)).toMatchObject({ status: 'confirmed' });
    expect((await stored(p.id)).refunded_amount).toMatch(/^1500\.0+$/);
    const refund = await app.db
      .selectFrom('refunds')
      .selectAll()
      .where('id', '=', approved.body.refund_id)
      .executeTakeFirstOrThrow();
    expect(refund).toMatchObject({ status: 'succeeded', note: 'Damaged goods' });

    expect((await felix.post(`/api/refund-approvals/${approvalId}/approve`)).status).toBe(409);
    const audit = await app.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('resource', '=', 'payments')
      .where('record_id', '=', String(p.id))
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'payment.refund', outcome: 'succeeded' },
      { action: 'payment.refund-approve', outcome: 'denied' },
      { action: 'payment.refund-approve', outcome: 'succeeded' },
      { action: 'payment.refund-approve', outcome: 'refused' },
    ]);
  });

  it('reserves the amount while it waits, and releases it when rejected', async () => {
    const p = await bigPayment();
    const asked = await fiona.post(`/api/payments/${p.id}/refund`, { amount: '2000.00', reason_id: reason.id });
    expect(asked.status).toBe(202);
    const tooMuch = await felix.post(`/api/payments/${p.id}/refund`, { amount: '600.00', reason_id: reason.id });
    expect(tooMuch.status).toBe(422);
    // It waits too: the threshold counts the payment's refunds together.
    expect((await felix.post(`/api/payments/${p.id}/refund`, { amount: '500.00', reason_id: reason.id })).status).toBe(
      202,
    );
    const before = Number((await felix.get(`/api/payments/${p.id}`)).body.refundable_amount);

    const rejected = await felix.post(`/api/refund-approvals/${asked.body.pending_approval_id}/reject`, {
      note: 'Not agreed',
    });
    expectMatchesContract(
      'POST',
      `/api/refund-approvals/${asked.body.pending_approval_id}/reject`,
      rejected.status,
      rejected.body,
    );
    expect(rejected.body.status).toBe('rejected');
    expect(Number((await felix.get(`/api/payments/${p.id}`)).body.refundable_amount)).toBe(before + 2000);
  });

  it('refunds below the threshold at once, and only finance or admin may approve', async () => {
    const p = await bigPayment();
    expect((await fiona.post(`/api/payments/${p.id}/refund`, { amount: '999.99', reason_id: reason.id })).status).toBe(
      200,
    );
    const asked = await fiona.post(`/api/payments/${p.id}/refund`, { amount: '1000.01', reason_id: reason.id });
    expect(asked.status).toBe(202);
    const operator = await app.signedIn('operator');
    expect((await operator.post(`/api/refund-approvals/${asked.body.pending_approval_id}/approve`)).status).toBe(403);
    const admin = await app.signedIn('admin');
    expect((await admin.post(`/api/refund-approvals/${asked.body.pending_approval_id}/approve`)).status).toBe(200);
  });

  it('counts for each approver only what they may decide: waiting, and asked for by someone else', async () => {
    const decidable = async (client: ApiClient) => {
      const response = await client.list('refund-approvals', { filter: { decidable_by: 'me' }, range: [0, 0] });
      expect(response.status).toBe(200);
      return Number(response.headers.get('content-range')?.split('/')[1]);
    };
    const [fionaBefore, felixBefore] = [await decidable(fiona), await decidable(felix)];
    const p = await bigPayment();
    const asked = await fiona.post(`/api/payments/${p.id}/refund`, { amount: '1200.00', reason_id: reason.id });
    expect(asked.status).toBe(202);
    expect(await decidable(fiona)).toBe(fionaBefore);
    expect(await decidable(felix)).toBe(felixBefore + 1);
    const felixRows = await felix.list('refund-approvals', { filter: { decidable_by: 'me' }, range: [0, 99] });
    expect(felixRows.body.length).toBeGreaterThan(0);
    for (const row of felixRows.body) expect(row).toMatchObject({ status: 'pending' });
    expect(
      felixRows.body.some(
        (row: { requested_by_name: string; id: number }) => row.id === asked.body.pending_approval_id,
      ),
    ).toBe(true);

    expect((await felix.post(`/api/refund-approvals/${asked.body.pending_approval_id}/approve`)).status).toBe(200);
    expect(await decidable(felix)).toBe(felixBefore);
    expect((await felix.list('refund-approvals', { filter: { decidable_by: 'anyone' } })).status).toBe(400);
  });

  it('shows a payment’s audit events and gateway log entries on one timeline', async () => {
    const p = await bigPayment();
    await fiona.post(`/api/payments/${p.id}/refund`, { amount: '10.00', reason_id: reason.id });
    await fiona.post(`/api/payments/${p.id}/capture`);
    const timeline = await fiona.get(`/api/payments/${p.id}/timeline`);
    expect(timeline.status).toBe(200);
    expectMatchesContract('GET', `/api/payments/${p.id}/timeline`, timeline.status, timeline.body);
    expect(
      timeline.body.map((e: { kind: string; action: string; outcome?: string }) => [
        e.kind,
        e.action,
        e.outcome ?? null,
      ]),
    ).toEqual([
      ['audit', 'payments.capture', 'denied'],
      ['audit', 'payment.refund', 'succeeded'],
      ['gateway', 'refund', null],
    ]);
  });

  it('shows the audit details on the timeline to admins only; others see who did what and when', async () => {
    const p = await bigPayment();
    await fiona.post(
      `/api/payments/${p.id}/refund`,
      { amount: '10.00', reason_id: reason.id, note: 'Customer called' },
      { 'Idempotency-Key': 'timeline-privacy-1', 'User-Agent': 'Finance browser' },
    );
    const audit = (body: Record<string, unknown>[]) => body.find((e) => e.kind === 'audit')!;
    const forFinance = await fiona.get(`/api/payments/${p.id}/timeline`);
    expectMatchesContract('GET', `/api/payments/${p.id}/timeline`, forFinance.status, forFinance.body);
    const seenByFinance = audit(forFinance.body);
    expect(seenByFinance).toMatchObject({
      action: 'payment.refund',
      outcome: 'succeeded',
      amount: '10.00',
      note: null,
    });
    for (const hidden of ['ip', 'user_agent', 'idempotency_key']) expect(seenByFinance).not.toHaveProperty(hidden);
    const forAdmin = await (await app.signedIn('admin')).get(`/api/payments/${p.id}/timeline`);
    expectMatchesContract('GET', `/api/payments/${p.id}/timeline`, forAdmin.status, forAdmin.body);
    const seenByAdmin = audit(forAdmin.body);
    expect(seenByAdmin).toMatchObject({
      note: 'Customer called',
      idempotency_key: 'timeline-privacy-1',
      user_agent: 'Finance browser',
    });
    expect(seenByAdmin.ip).toEqual(expect.any(String));
  });
});
