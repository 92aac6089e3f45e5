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

  it('takes at most 10 round trips and 2 commits, and answers with the captured payment', async () => {
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
    // After the claim's commit: the transaction that records the answer, then the payment for the answer.
    const afterClaim = statements.slice(statements.findIndex((s) => /^commit/i.test(s)) + 1);
    expect(afterClaim.length, all).toBeLessThanOrEqual(10);
    // The whole request: the session and its rate limit, the claim, the record, the answer's read.
    expect(statements.length, all).toBeLessThanOrEqual(16);
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
