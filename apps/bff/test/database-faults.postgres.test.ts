import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentMethodRow } from '../src/db/schema.ts';
import { givenPayment, givenPaymentMethod } from './fixtures.ts';
import { startTestApp, type ApiClient, type ApiResponse, type TestApp } from './harness.ts';

const ADMIN_URL = process.env.PAYDESK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The database's connections cut, or one of its rows held: the BFF stays up and answers, never a 500. */
describe('database faults (postgres)', () => {
  let app: TestApp;
  let staff: ApiClient;
  let card: PaymentMethodRow;
  let databaseName: string;

  beforeAll(async () => {
    app = await startTestApp();
    staff = await app.signedIn('admin');
    card = await givenPaymentMethod(app.db);
    databaseName = (await sql<{ name: string }>`SELECT current_database() AS name`.execute(app.db)).rows[0]!.name;
  });
  afterAll(() => app.close());

  async function withConnection<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
  const databaseUrl = () => {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${databaseName}`;
    return url.toString();
  };

  /** Ends every backend of the app's database but the caller's; how many it ended. */
  const terminateBackends = () =>
    withConnection(ADMIN_URL, async (admin) => {
      const { rows } = await admin.query(
        'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [databaseName],
      );
      return rows[0].n as number;
    });

  function expectRetryable(response: ApiResponse, code: 'Unavailable' | 'Busy') {
    expect(response.body.code).toBe(code);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  }

  it('backends terminated under load: the process stays up, cut requests answer 503 with Retry-After, later ones succeed', async () => {
    const payments = await Promise.all(
      Array.from({ length: 30 }, () => givenPayment(app.db, card, { total: '30.00' }).then((g) => g.payment)),
    );
    let terminated = 0;
    const responses: ApiResponse[] = [];
    let loading = true;
    const load = (async () => {
      for (let round = 0; loading && round < 200; round++) {
        const batch = await Promise.all([
          staff.list('payments', { range: [0, 24] }),
          staff.get(`/api/payments/${payments[round % payments.length]!.id}`),
          staff.get('/api/health'),
          staff.post(`/api/payments/${payments[round % payments.length]!.id}/capture`, { amount: '1.00' }),
        ]);
        responses.push(...batch);
      }
    })();
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      terminated += await terminateBackends();
    }
    loading = false;
    await load;

    expect(terminated).toBeGreaterThan(0);
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 500)).toEqual([]);
    // Reads answer 200 or 503; captures 200, 409 (nothing left, or an operation left in flight by a cut), 422 or 503.
    expect(statuses.every((s) => [200, 409, 422, 503].includes(s))).toBe(true);
    for (const response of responses.filter((r) => r.status === 503)) expectRetryable(response, 'Unavailable');
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);

    // The dead connections are replaced: within moments of the last cut every lane answers again. (A connection
    // cut as it was handed out can still fail the one request that took it, with a 503.)
    const answersWithin = (request: () => Promise<ApiResponse>) =>
      expect.poll(async () => (await request()).status, { timeout: 5_000, interval: 100 }).toBe(200);
    await answersWithin(() => staff.get('/api/health'));
    await answersWithin(() => staff.list('payments'));
    await answersWithin(() => staff.get(`/api/payments/${payments[0]!.id}`));
    const { payment } = await givenPayment(app.db, card, { total: '12.00' });
    const captured = await staff.post(`/api/payments/${payment.id}/capture`, {});
    expect(captured.status).toBe(200);
    expect(captured.body.captured_amount).toBe('12.00');
  });

  it('a payment row held FOR UPDATE for 8 s: health and lists answer while it is held, its captures answer 409 Busy and change nothing', async () => {
    const { payment } = await givenPayment(app.db, card, { total: '80.00' });
    const other = (await givenPayment(app.db, card, { total: '5.00' })).payment;
    const HOLD_MS = 8_000;
    await withConnection(databaseUrl(), async (holder) => {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM payments WHERE id = $1 FOR UPDATE', [payment.id]);
      const heldAt = performance.now();
      const timed = async (request: Promise<ApiResponse>) => {
        const response = await request;
        return { response, at: performance.now() - heldAt };
      };
      // More captures of the locked payment than the commands have connections (20 in the tests).
      const captures = Array.from({ length: 30 }, () =>
        timed(staff.post(`/api/payments/${payment.id}/capture`, {}, {})),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const reads = [
        timed(staff.get('/api/health')),
        timed(staff.list('payments', { range: [0, 24] })),
        timed(staff.get(`/api/payments/${payment.id}`)),
        timed(staff.get(`/api/payments/${other.id}`)),
      ];
      const answeredReads = await Promise.all(reads);
      const answeredCaptures = await Promise.all(captures);
      const releasedAt = performance.now() - heldAt;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, HOLD_MS - releasedAt)));
      await holder.query('COMMIT');

      for (const { response, at } of answeredReads) {
        expect(response.status).toBe(200);
        expect(at).toBeLessThan(HOLD_MS);
      }
      for (const { response, at } of answeredCaptures) {
        // Busy (the lock not had in time) or Unavailable (no connection in time): both say "try again".
        expect([409, 503]).toContain(response.status);
        expectRetryable(response, response.status === 409 ? 'Busy' : 'Unavailable');
        expect(at).toBeLessThan(HOLD_MS);
      }
      expect(answeredCaptures.filter(({ response }) => response.body.code === 'Busy').length).toBeGreaterThan(0);
    });

    const after = await app.db
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', payment.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('preauth');
    expect(Number(after.captured_amount)).toBe(0);
    expect(after.operation).toBeNull();
    const calls = await app.db.selectFrom('log_entries').select('id').where('payment_id', '=', payment.id).execute();
    expect(calls).toEqual([]);
    // Once the lock is gone, the same capture goes through.
    const captured = await staff.post(`/api/payments/${payment.id}/capture`, {});
    expect(captured.status).toBe(200);
  }, 30_000);
});
