import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentMethodRow } from '../src/db/schema.ts';
import { randomToken } from '../src/db/card-number-plugin.ts';
import { requestHash } from '../src/http/idempotency.ts';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  findIdempotencyKey,
} from '../src/idempotency/idempotency.repository.ts';
import { givenPayment, givenPaymentMethod, givenRefundReason } from './fixtures.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

/**
 * A request that died with its process (kill -9) leaves its Idempotency-Key claimed and unanswered: it is
 * held until the request's deadline, then the same request takes it over. (The fault suite, `pnpm faults`,
 * does it with a real kill -9 of the BFF mid-capture.)
 */
describe(`an Idempotency-Key whose request died (${TEST_DB})`, () => {
  let app: TestApp;
  let staff: ApiClient;
  let staffId: number;
  let card: PaymentMethodRow;

  beforeAll(async () => {
    app = await startTestApp();
    staff = await app.signedIn('admin');
    staffId = (
      await app.db
        .selectFrom('staff_users')
        .select('id')
        .where('email', '=', 'admin@example.test')
        .executeTakeFirstOrThrow()
    ).id;
    card = await givenPaymentMethod(app.db);
  });
  afterAll(() => app.close());

  /** What a request that died left behind: its key claimed, never answered, with this deadline. */
  async function diedHolding(
    key: string,
    paymentId: number,
    deadlineMs: number,
    body: unknown = {},
    action = 'capture',
  ) {
    const hash = requestHash('POST', `/api/payments/${paymentId}/${action}`, body);
    const token = randomToken();
    expect((await claimIdempotencyKey(app.db, staffId, key, hash, token, deadlineMs)).claimed).toBe(true);
    return token;
  }
  const deadlinePassed = () => new Promise((resolve) => setTimeout(resolve, 50));

  it('before its deadline the key answers 409 RequestInProgress and nothing runs', async () => {
    const { payment } = await givenPayment(app.db, card, { total: '40.00' });
    await diedHolding('died-early', payment.id, 60_000);
    const retry = await staff.post(`/api/payments/${payment.id}/capture`, {}, { 'idempotency-key': 'died-early' });
    expect(retry.status).toBe(409);
    expect(retry.body.code).toBe('RequestInProgress');
    const after = await app.db
      .selectFrom('payments')
      .select('status')
      .where('id', '=', payment.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('preauth');
  });

  it('after its deadline the same request takes the key over and runs once; its answer is then replayed', async () => {
    const { payment } = await givenPayment(app.db, card, { total: '40.00' });
    await diedHolding('died-late', payment.id, 1);
    await deadlinePassed();
    const retry = await staff.post(`/api/payments/${payment.id}/capture`, {}, { 'idempotency-key': 'died-late' });
    expect(retry.status).toBe(200);
    expect(retry.body.captured_amount).toBe('40.00');
    const again = await staff.post(`/api/payments/${payment.id}/capture`, {}, { 'idempotency-key': 'died-late' });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const captures = await app.db
      .selectFrom('log_entries')
      .select('id')
      .where('payment_id', '=', payment.id)
      .where('action', '=', 'capture')
      .execute();
    expect(captures).toHaveLength(1);
  });

  it('after its deadline another request with the key is still IdempotencyKeyReused', async () => {
    const { payment } = await givenPayment(app.db, card, { total: '40.00' });
    await diedHolding('died-other', payment.id, 1, { amount: '10.00' });
    await deadlinePassed();
    const other = await staff.post(`/api/payments/${payment.id}/capture`, {}, { 'idempotency-key': 'died-other' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IdempotencyKeyReused');
  });

  it('the overtaken request answering late does not replace the answer of the one that took its key over', async () => {
    const { payment } = await givenPayment(app.db, card, { total: '40.00' });
    const oldToken = await diedHolding('overtaken', payment.id, 1);
    await deadlinePassed();
    const retry = await staff.post(`/api/payments/${payment.id}/capture`, {}, { 'idempotency-key': 'overtaken' });
    expect(retry.status).toBe(200);
    await completeIdempotencyKey(app.db, staffId, 'overtaken', oldToken, 502, { code: 'GatewayUnavailable' });
    const replay = await staff.post(`/api/payments/${payment.id}/capture`, {}, { 'idempotency-key': 'overtaken' });
    expect(replay.status).toBe(200);
    expect(replay.body.captured_amount).toBe('40.00');
  });

  it('a request that answered is never taken over, whatever its deadline', async () => {
    const { payment } = await givenPayment(app.db, card, { total: '40.00' });
    const first = await staff.post(`/api/payments/${payment.id}/capture`, {}, { 'idempotency-key': 'answered' });
    expect(first.status).toBe(200);
    await app.db
      .updateTable('idempotency_keys')
      .set({ locked_until: new Date(Date.now() - 3_600_000) })
      .where('key', '=', 'answered')
      .execute();
    const hash = requestHash('POST', `/api/payments/${payment.id}/capture`, {});
    expect((await claimIdempotencyKey(app.db, staffId, 'answered', hash, randomToken(), 1)).claimed).toBe(false);
    const replay = await staff.post(`/api/payments/${payment.id}/capture`, {}, { 'idempotency-key': 'answered' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it('a claim is completed under its token whatever digits the token holds: the card-number scrub never changes one', async () => {
    for (let i = 0; i < 1000; i++) expect(randomToken()).toMatch(/^[0-9a-f]{32}$/);
    // The most digits a token can hold: 32, two Luhn-valid card numbers end to end.
    const allDigits = '4111111111111111'.repeat(2);
    const hash = requestHash('POST', '/api/payments/1/capture', {});
    expect((await claimIdempotencyKey(app.db, staffId, 'digit-token', hash, allDigits, 60_000)).claimed).toBe(true);
    await completeIdempotencyKey(app.db, staffId, 'digit-token', allDigits, 200, { ok: true });
    expect(await findIdempotencyKey(app.db, staffId, 'digit-token')).toMatchObject({
      response_status: 200,
      response_body: { ok: true },
    });
  });

  it('a dead request that had started a partial refund: the retry is answered 409 Conflict and refunds nothing again', async () => {
    const reason = await givenRefundReason(app.db, 'died_refund', 'Died refund');
    const { payment } = await givenPayment(app.db, card, {
      total: '60.00',
      status: 'confirmed',
      captured_amount: '60.00',
    });
    const body = { amount: '15.00', reason_id: reason.id };
    await diedHolding('died-refund', payment.id, 1, body, 'refund');
    // What the dead request had done before its process was killed: its refund reserved, its call in flight.
    await app.db
      .insertInto('refunds')
      .values({
        payment_id: payment.id,
        amount: '15.00',
        currency: 'USD',
        reason_id: reason.id,
        staff_user_id: staffId,
      })
      .execute();
    await deadlinePassed();
    const retry = await staff.post(`/api/payments/${payment.id}/refund`, body, { 'idempotency-key': 'died-refund' });
    expect(retry.status).toBe(409);
    expect(retry.body.code).toBe('Conflict');
    const again = await staff.post(`/api/payments/${payment.id}/refund`, body, { 'idempotency-key': 'died-refund' });
    expect(again.status).toBe(409);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const refunds = await app.db.selectFrom('refunds').select('id').where('payment_id', '=', payment.id).execute();
    expect(refunds).toHaveLength(1);
    const calls = await app.db.selectFrom('log_entries').select('id').where('payment_id', '=', payment.id).execute();
    expect(calls).toEqual([]);
  });
});
