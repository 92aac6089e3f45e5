import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentMethodRow } from '../src/db/schema.ts';
import { givenPayment, givenPaymentMethod } from './fixtures.ts';
import { openTestDatabase, startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

/**
 * What one capture costs PostgreSQL: every statement the BFF sends for `POST /api/payments/:id/capture`,
 * BEGIN and COMMIT included — each one round trip — from the session lookup to the answer.
 */
describe(`one capture's round trips (${TEST_DB})`, () => {
  let app: TestApp;
  let staff: ApiClient;
  let card: PaymentMethodRow;
  let counting = false;
  let statements: string[] = [];

  beforeAll(async () => {
    const database = await openTestDatabase({
      onStatement: (sql) => {
        if (counting) statements.push(sql.replace(/\s+/g, ' '));
      },
    });
    app = await startTestApp({ database });
    staff = await app.signedIn('admin');
    card = await givenPaymentMethod(app.db, { name: 'Card (authorize only)' });
  });
  afterAll(async () => {
    await app.close();
    await app.database.close();
  });

  async function countCapture(path: string, body: unknown = {}, headers?: Record<string, string>) {
    statements = [];
    counting = true;
    const response = await staff.post(path, body, headers);
    counting = false;
    return { response, statements: [...statements] };
  }

  it('takes at most 12 round trips and 2 commits, and answers with the captured payment', async () => {
    const { payment } = await givenPayment(app.db, card, { status: 'preauth' });
    // A first capture warms what is cached per process (settings, prepared statements).
    await staff.post(`/api/payments/${(await givenPayment(app.db, card, { status: 'preauth' })).payment.id}/capture`);
    const { response, statements } = await countCapture(`/api/payments/${payment.id}/capture`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: payment.id, status: 'confirmed', captured_amount: '120.00' });
    const all = statements.join('\n');
    expect(
      statements.filter((s) => /^commit/i.test(s)),
      all,
    ).toHaveLength(2);
    // After the claim's commit: the transaction that records the answer, and nothing read after it (the
    // answer is the payment's row as that transaction wrote it).
    const afterClaim = statements.slice(statements.findIndex((s) => /^commit/i.test(s)) + 1);
    expect(afterClaim.length, all).toBeLessThanOrEqual(6);
    expect(afterClaim.at(-1), all).toMatch(/^commit/i);
    // The whole request: the session and its rate limit (one statement), the claim, the record.
    expect(statements.length, all).toBeLessThanOrEqual(12);
    expect(
      statements.filter((s) => /rate_limit_hits/.test(s)),
      all,
    ).toEqual([expect.stringMatching(/staff_sessions/)]);
    // The order's payment state with the log entry, its payments read in the payment's update.
    expect(
      statements.filter((s) => /update "orders"/i.test(s)),
      all,
    ).toEqual([expect.stringMatching(/log_entries/)]);
    // The audit event and the log entry in one statement.
    expect(
      statements.filter((s) => /audit_events/.test(s)),
      all,
    ).toHaveLength(1);
    expect(
      statements.find((s) => /audit_events/.test(s)),
      all,
    ).toMatch(/log_entries/);
  });
});
