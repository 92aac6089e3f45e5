import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentMethodRow } from '../src/db/schema.ts';
import { expectMatchesContract } from './contract.ts';
import { createStaff, startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';
import { givenPayment, givenPaymentMethod, type GivenPayment } from './fixtures.ts';

describe(`fraud review queue (${TEST_DB})`, () => {
  let app: TestApp;
  let ana: ApiClient;
  let ben: ApiClient;
  let admin: ApiClient;
  let anaId: number;
  let card: PaymentMethodRow;
  let slowCard: PaymentMethodRow;

  beforeAll(async () => {
    app = await startTestApp();
    const anaUser = await createStaff(app.db, 'fraud_analyst', 'ana@example.test');
    await createStaff(app.db, 'fraud_analyst', 'ben@example.test');
    anaId = anaUser.id;
    ana = app.client();
    await ana.login('ana@example.test');
    ben = app.client();
    await ben.login('ben@example.test');
    admin = await app.signedIn('admin');
    card = await givenPaymentMethod(app.db, { name: 'Card' });
    slowCard = await givenPaymentMethod(app.db, { name: 'Slow card' });
    await app.db
      .updateTable('payment_methods')
      .set({ preferences: JSON.stringify({ latency_ms: 50 }) })
      .where('id', '=', slowCard.id)
      .execute();
    slowCard = await app.db
      .selectFrom('payment_methods')
      .selectAll()
      .where('id', '=', slowCard.id)
      .executeTakeFirstOrThrow();
  });
  afterAll(() => app.close());

  const review = async (given: GivenPayment = {}, method = card) =>
    (await givenPayment(app.db, method, { fraud_status: 'review', ...given })).payment;
  const stored = (id: number) =>
    app.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const logEntries = (id: number) =>
    app.db.selectFrom('log_entries').selectAll().where('payment_id', '=', id).execute();
  const decisions = (id: number) =>
    app.db.selectFrom('fraud_decisions').selectAll().where('payment_id', '=', id).execute();

  describe('the queue', () => {
    it('lists payments under review, oldest first, with the claim and the country check', async () => {
      const older = await review({ created_at: new Date(Date.now() - 3 * 3600_000), total: '75.00' });
      const newer = await review({ created_at: new Date(Date.now() - 3600_000) });
      await app.db
        .updateTable('payments')
        .set({ billing_country_code: 'GB', customer_ip_country: 'NG', risk_score: 88 })
        .where('id', '=', older.id)
        .execute();
      await app.db
        .updateTable('payments')
        .set({ billing_country_code: 'GB', customer_ip_country: 'GB', risk_score: 40 })
        .where('id', '=', newer.id)
        .execute();
      await givenPayment(app.db, card, { fraud_status: 'accept' });

      const response = await ana.list('fraud-reviews', { filter: { id: [older.id, newer.id] } });
      expect(response.status).toBe(200);
      expect(response.body.map((r: { id: number }) => r.id)).toEqual([older.id, newer.id]);
      expect(response.body[0]).toMatchObject({
        total: '75.00',
        risk_score: 88,
        ip_country_mismatch: true,
        claimed_by_id: null,
        payment_method_name: 'Card',
      });
      expect(response.body[1].ip_country_mismatch).toBe(false);

      const risky = await ana.list('fraud-reviews', { filter: { id: [older.id, newer.id], risk_score_gte: 50 } });
      expect(risky.body.map((r: { id: number }) => r.id)).toEqual([older.id]);
      expect((await ana.list('fraud-reviews', { filter: { claimed: 'everyone' } })).status).toBe(400);
    });
  });

  describe('claims', () => {
    it('shows who holds a review; another analyst cannot take it until it is released or expires', async () => {
      const p = await review();
      // Claim and release take no body (the contract's EmptyRequest): an unknown field is refused, nothing held.
      const withNote = await ana.post(`/api/fraud-reviews/${p.id}/claim`, { note: 'mine' });
      expect(withNote.status).toBe(400);
      expect(withNote.body.message).toEqual({ body: 'Unknown field: note.' });
      expect((await ana.get(`/api/fraud-reviews/${p.id}`)).body.claimed_by_id).toBeNull();
      const claimed = await ana.post(`/api/fraud-reviews/${p.id}/claim`);
      expect(claimed.status).toBe(200);
      expectMatchesContract('POST', `/api/fraud-reviews/${p.id}/claim`, claimed.status, claimed.body);
      const health = await ana.get('/api/fraud-reviews/health');
      expectMatchesContract('GET', '/api/fraud-reviews/health', health.status, health.body);
      const related = await ana.get(`/api/fraud-reviews/${p.id}/related`);
      expectMatchesContract('GET', `/api/fraud-reviews/${p.id}/related`, related.status, related.body);
      expect(claimed.body).toMatchObject({ claimed_by_id: anaId, claimed_by_name: 'Test fraud_analyst' });
      const expiresIn = new Date(claimed.body.claim_expires_at).getTime() - Date.now();
      expect(expiresIn).toBeGreaterThan(14 * 60_000);
      expect(expiresIn).toBeLessThanOrEqual(15 * 60_000 + 5_000);

      const taken = await ben.post(`/api/fraud-reviews/${p.id}/claim`);
      expect(taken.status).toBe(409);
      expect(taken.body.message).toMatch(/is working on this review/);
      expect((await ben.post(`/api/fraud-reviews/${p.id}/release`)).status).toBe(409);

      expect((await ana.list('fraud-reviews', { filter: { id: p.id, claimed: 'me' } })).body).toHaveLength(1);
      expect((await ben.list('fraud-reviews', { filter: { id: p.id, claimed: 'me' } })).body).toHaveLength(0);
      expect((await ben.list('fraud-reviews', { filter: { id: p.id, claimed: 'others' } })).body).toHaveLength(1);
      expect((await ben.list('fraud-reviews', { filter: { id: p.id, claimed: 'unclaimed' } })).body).toHaveLength(0);
      expect((await ben.list('fraud-reviews', { filter: { id: p.id, claimed: 'available' } })).body).toHaveLength(0);
      expect((await ana.list('fraud-reviews', { filter: { id: p.id, claimed: 'available' } })).body).toHaveLength(1);

      const releaseWithNote = await ana.post(`/api/fraud-reviews/${p.id}/release`, { note: 'done' });
      expect(releaseWithNote.status).toBe(400);
      expect((await ana.get(`/api/fraud-reviews/${p.id}`)).body.claimed_by_id).toBe(anaId);
      expect((await ana.post(`/api/fraud-reviews/${p.id}/release`)).body.claimed_by_id).toBeNull();
      expect((await ben.post(`/api/fraud-reviews/${p.id}/claim`)).status).toBe(200);
    });

    it('lets a claim lapse after the set time', async () => {
      const p = await review();
      await ana.post(`/api/fraud-reviews/${p.id}/claim`);
      await app.db
        .updateTable('fraud_review_claims')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('payment_id', '=', p.id)
        .execute();
      expect((await ben.list('fraud-reviews', { filter: { id: p.id, claimed: 'unclaimed' } })).body).toHaveLength(1);
      expect((await ben.get(`/api/fraud-reviews/${p.id}`)).body.claimed_by_id).toBeNull();
      const taken = await ben.post(`/api/fraud-reviews/${p.id}/claim`);
      expect(taken.status).toBe(200);
    });

    it('follows the claim time setting', async () => {
      await admin.put('/api/settings/fraud_claim_ttl_minutes', { value: 5 });
      const p = await review();
      const claimed = await ana.post(`/api/fraud-reviews/${p.id}/claim`);
      expect(new Date(claimed.body.claim_expires_at).getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000 + 5_000);
      await admin.put('/api/settings/fraud_claim_ttl_minutes', { value: 15 });
    });

    it('lets an admin release anyone’s claim', async () => {
      const p = await review();
      await ana.post(`/api/fraud-reviews/${p.id}/claim`);
      expect((await admin.post(`/api/fraud-reviews/${p.id}/release`)).body.claimed_by_id).toBeNull();
    });
  });

  describe('POST /api/payments/:id/fraud-decision', () => {
    it('accepts with a note; the payment can then be captured', async () => {
      const p = await review();
      const response = await ana.post(`/api/payments/${p.id}/fraud-decision`, {
        decision: 'accept',
        note: 'Known customer',
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ fraud_status: 'accept', status: 'preauth' });
      expect(await decisions(p.id)).toMatchObject([
        { decision: 'accept', note: 'Known customer', staff_user_id: anaId, money_action: null },
      ]);
      expect(await logEntries(p.id)).toHaveLength(0);
      expect((await admin.post(`/api/payments/${p.id}/capture`)).status).toBe(200);
    });

    it('rejects a preauth payment and voids it at the gateway', async () => {
      const p = await review();
      const response = await ana.post(`/api/payments/${p.id}/fraud-decision`, {
        decision: 'reject',
        note: 'Stolen card pattern',
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ fraud_status: 'reject', status: 'void' });
      expect(await logEntries(p.id)).toMatchObject([{ action: 'void', success: true }]);
      expect(await decisions(p.id)).toMatchObject([
        { decision: 'reject', money_action: 'void', money_outcome: 'succeeded' },
      ]);
      expect((await decisions(p.id))[0]!.amount).toMatch(/^120\.0+$/);
    });

    it('rejects a confirmed payment and refunds what is left with the reason "Fraudulent"', async () => {
      const p = await review({
        status: 'confirmed',
        total: '90.00',
        captured_amount: '90.00',
        refunded_amount: '15.00',
      });
      const response = await ana.post(`/api/payments/${p.id}/fraud-decision`, {
        decision: 'reject',
        note: 'Chargeback risk',
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ fraud_status: 'reject', status: 'refunded', refunded_amount: '90.00' });
      const refund = await app.db
        .selectFrom('refunds')
        .innerJoin('refund_reasons', 'refund_reasons.id', 'refunds.reason_id')
        .select(['refunds.amount', 'refunds.status', 'refund_reasons.name'])
        .where('payment_id', '=', p.id)
        .executeTakeFirstOrThrow();
      expect(refund).toMatchObject({ status: 'succeeded', name: 'Fraudulent' });
      expect(refund.amount).toMatch(/^75\.0+$/);
      const [decision] = await decisions(p.id);
      expect(decision).toMatchObject({ money_action: 'refund', money_outcome: 'succeeded' });
      expect(decision!.amount).toMatch(/^75\.0+$/);
    });

    it('refuses a decision on a review claimed by another analyst, and changes nothing', async () => {
      const p = await review();
      await ben.post(`/api/fraud-reviews/${p.id}/claim`);
      const response = await ana.post(`/api/payments/${p.id}/fraud-decision`, { decision: 'reject', note: 'x' });
      expect(response.status).toBe(409);
      expect(await stored(p.id)).toMatchObject({ fraud_status: 'review', status: 'preauth' });
      expect(await logEntries(p.id)).toHaveLength(0);
      expect(await decisions(p.id)).toHaveLength(0);
    });

    it('refuses a payment that is not under review, and a missing note', async () => {
      const p = await givenPayment(app.db, card, { fraud_status: 'accept' });
      expect(
        (await ana.post(`/api/payments/${p.payment.id}/fraud-decision`, { decision: 'accept', note: 'again' })).status,
      ).toBe(409);
      const q = await review();
      const noNote = await ana.post(`/api/payments/${q.id}/fraud-decision`, { decision: 'reject', note: '  ' });
      expect(noNote.status).toBe(400);
      expect(noNote.body.message).toEqual({ note: 'Write a note on the decision.' });
      expect((await ana.post(`/api/payments/${q.id}/fraud-decision`, { decision: 'maybe', note: 'x' })).status).toBe(
        400,
      );
    });

    it('two analysts deciding at once: exactly one wins and the money is returned once', async () => {
      const p = await review({ status: 'preauth', total: '64.00' }, slowCard);
      const [first, second] = await Promise.all([
        ana.post(`/api/payments/${p.id}/fraud-decision`, { decision: 'reject', note: 'Ana says no' }),
        ben.post(`/api/payments/${p.id}/fraud-decision`, { decision: 'reject', note: 'Ben says no' }),
      ]);
      expect([first.status, second.status].sort()).toEqual([200, 409]);
      expect(await logEntries(p.id)).toHaveLength(1);
      expect(await decisions(p.id)).toHaveLength(1);
      expect(await stored(p.id)).toMatchObject({ status: 'void', fraud_status: 'reject' });
    });

    it('refuses capture while the payment is under review', async () => {
      const p = await review();
      const response = await admin.post(`/api/payments/${p.id}/capture`);
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('InvalidState');
      expect(await logEntries(p.id)).toHaveLength(0);
    });

    it('decides many at once with a result for each', async () => {
      const a = await review();
      const b = await review();
      const notUnderReview = (await givenPayment(app.db, card)).payment;
      const response = await ana.post('/api/payments/bulk-fraud-decision', {
        ids: [a.id, b.id, notUnderReview.id],
        decision: 'accept',
        note: 'Batch cleared',
      });
      expect(response.body).toMatchObject([
        { id: a.id, ok: true, payment: { fraud_status: 'accept' } },
        { id: b.id, ok: true },
        { id: notUnderReview.id, ok: false, error: { code: 'InvalidState' } },
      ]);
    });

    it('is not for viewers or operators', async () => {
      const p = await review();
      for (const role of ['viewer', 'operator'] as const) {
        const client = await app.signedIn(role);
        expect(
          (await client.post(`/api/payments/${p.id}/fraud-decision`, { decision: 'accept', note: 'x' })).status,
        ).toBe(403);
        expect((await client.post(`/api/fraud-reviews/${p.id}/claim`)).status).toBe(403);
      }
      expect((await stored(p.id)).fraud_status).toBe('review');
    });
  });

  describe('history and health', () => {
    it('lists decided reviews, filterable by analyst and outcome', async () => {
      const mine = await ana.list('fraud-decisions', { filter: { staff_user_id: anaId, decision: 'reject' } });
      expect(mine.status).toBe(200);
      expect(mine.body.length).toBeGreaterThan(0);
      for (const d of mine.body)
        expect(d).toMatchObject({ staff_user_id: anaId, decision: 'reject', staff_name: 'Test fraud_analyst' });
      expect((await ana.list('fraud-decisions', { filter: { decision: 'nope' } })).status).toBe(400);
    });

    it('reports queue health against the SLA', async () => {
      await review({ created_at: new Date(Date.now() - 5 * 3600_000) });
      const health = await ana.get('/api/fraud-reviews/health');
      expect(health.status).toBe(200);
      expect(health.body.open).toBeGreaterThan(0);
      expect(health.body.sla_seconds).toBe(4 * 3600);
      expect(health.body.oldest_age_seconds).toBeGreaterThanOrEqual(5 * 3600 - 5);
      expect(health.body.sla_breached).toBe(true);
      expect(health.body.decisions_today).toBeGreaterThan(0);
      expect(health.body.accept_rate_7d).toBeGreaterThan(0);
      expect(health.body.accept_rate_7d).toBeLessThan(1);
    });
  });
});
