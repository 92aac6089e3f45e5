import { maskCardNumbers, maskStoredText, scrubCardData, type OperationKind } from '@paydesk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemContext } from '../src/capture-runs/capture-runner.ts';
import { operationKey, refundKey } from '../src/payments/payment-commands.ts';
import { givenPayment, givenPaymentMethod } from './fixtures.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

/** Digits that the card-number scrub could read as one number: 13 or more, joined by nothing, a space or a dash. */
const LONG_DIGIT_RUN = /\d(?:[ -]?\d){12,}/;

/** The key as it is stored and logged must be the key the gateway was sent: the scrub leaves it alone. */
function expectScrubSafe(key: string) {
  expect(key).not.toMatch(LONG_DIGIT_RUN);
  expect(maskCardNumbers(key)).toBe(key);
  expect(maskStoredText(key)).toBe(key);
  expect(scrubCardData({ idempotency_key: key })).toEqual({ idempotency_key: key });
}

describe('operation and idempotency keys pass the card-number scrub unchanged', () => {
  // Payment ids are int4: from the first to the largest, with ids whose digits a key's next group could extend.
  const ids = [1, 7, 4111, 411111, 41111111, 999_999_999, 2_000_000_000, 2_147_483_647];

  it('every kind of operation key, for every id, many times over (its last part is random)', () => {
    const kinds: OperationKind[] = ['authorize', 'purchase', 'capture', 'void'];
    for (const kind of kinds) {
      for (const id of ids) {
        for (let i = 0; i < 500; i++) expectScrubSafe(operationKey(kind, id));
      }
    }
  });

  it('refund keys and a capture run item’s idempotency key', () => {
    for (const id of ids) {
      expectScrubSafe(refundKey(id));
      for (const run of ids) {
        const { idempotencyKey } = itemContext(
          { staff: {} as never, ip: null, userAgent: null },
          {
            run_id: run,
            payment_id: id,
          },
        );
        expectScrubSafe(idempotencyKey!);
      }
    }
  });

  it('would be caught: a key with a card-number-like run of digits is changed by the scrub', () => {
    const unsafe = `capture-4111111111111111`;
    expect(unsafe).toMatch(LONG_DIGIT_RUN);
    expect(maskStoredText(unsafe)).not.toBe(unsafe);
  });
});

describe(`a capture's stored operation key (${TEST_DB})`, () => {
  let app: TestApp;
  let staff: ApiClient;

  beforeAll(async () => {
    app = await startTestApp();
    staff = await app.signedIn('admin');
  });
  afterAll(() => app.close());

  it('is stored, while the call is in flight, as made: one word the scrub keeps', async () => {
    const slow = await givenPaymentMethod(app.db, { name: 'Slow card', preferences: { latency_ms: 400 } });
    const { payment } = await givenPayment(app.db, slow, { status: 'preauth' });
    const capture = staff.post(`/api/payments/${payment.id}/capture`);
    let key: string | null = null;
    for (let i = 0; i < 100 && key === null; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const row = await app.db
        .selectFrom('payments')
        .select('operation_key')
        .where('id', '=', payment.id)
        .executeTakeFirstOrThrow();
      key = row.operation_key;
    }
    expect((await capture).status).toBe(200);
    expect(key).toMatch(new RegExp(`^capture-${payment.id}-[a-p]{32}$`));
    expectScrubSafe(key!);
  });
});
