import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

/** Content-Range totals around EXACT_COUNT_LIMIT (10,000): exact up to it, "more than 10,000" past it. */
describe(`list totals (${TEST_DB})`, () => {
  let app: TestApp;
  let admin: ApiClient;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.signedIn('admin');
    const events = (action: string, count: number) =>
      sql`INSERT INTO audit_events (action, resource, outcome) SELECT ${action}, 'tests', 'succeeded' FROM generate_series(1, ${count}::int)`.execute(
        app.db,
      );
    await events('test.exactly-the-limit', 10_000);
    await events('test.past-the-limit', 10_050);
    await events('test.a-few', 7);
    await sql`ANALYZE audit_events`.execute(app.db);
  });
  afterAll(() => app.close());

  const listed = async (action: string, range = [0, 24]) => {
    const response = await admin.get(
      `/api/audit-events?filter=${encodeURIComponent(JSON.stringify({ action }))}&range=${JSON.stringify(range)}`,
    );
    expect(response.status).toBe(200);
    const [, first, last, total] =
      /^audit-events (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('content-range') ?? '') ?? [];
    return { rows: response.body.length, first: Number(first), last: Number(last), total: Number(total) };
  };

  it('counts a small set exactly', async () => {
    expect(await listed('test.a-few')).toEqual({ rows: 7, first: 0, last: 6, total: 7 });
  });

  it('counts exactly 10,000 matching rows exactly, down to the last page', async () => {
    expect((await listed('test.exactly-the-limit')).total).toBe(10_000);
    expect(await listed('test.exactly-the-limit', [9_990, 10_014])).toMatchObject({
      rows: 10,
      first: 9_990,
      last: 9_999,
      total: 10_000,
    });
  });

  it('answers more than 10,000 for a set past the limit: the planner estimate, never below 10,001', async () => {
    const { total, rows } = await listed('test.past-the-limit');
    expect(rows).toBe(25);
    expect(total).toBeGreaterThan(10_000);
    expect(total).toBeLessThan(30_000);
  });

  it('answers 0 for a filter nothing matches', async () => {
    const response = await admin.get(
      `/api/audit-events?filter=${encodeURIComponent(JSON.stringify({ action: 'test.nothing' }))}`,
    );
    expect(response.body).toEqual([]);
    expect(response.headers.get('content-range')).toMatch(/\/0$/);
  });
});
