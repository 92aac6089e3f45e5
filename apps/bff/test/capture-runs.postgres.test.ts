import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { gatewayOrderId } from '@paydesk/domain';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BFF_ROOT, bundleBff } from '../scripts/bundle.ts';
import { createSimulator, type Simulator } from '../../gateway-sim/src/simulator.ts';
import { CaptureRunner } from '../src/capture-runs/capture-runner.ts';
import { openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import type { PaymentMethodRow } from '../src/db/schema.ts';
import { defaultGateways } from '../src/gateways/registry.ts';
import { BFF_NODE_FLAGS } from '../src/node-flags.ts';
import { givenPayment, givenPaymentMethod } from './fixtures.ts';
import { ApiClient, createStaff, openTestDatabase } from './harness.ts';
import { simClient, type SimCall } from './simulator.ts';

/**
 * Capture runs across processes, on real PostgreSQL: two instances working one run, and an instance killed
 * in the middle of a run (a child process, SIGKILL) and started again.
 */

/**
 * The server this file starts, built from the current source as `pnpm build` builds it (beside dist/server.js,
 * under a name of its own): Node starts the built file in a fraction of the time tsx takes to compile src/.
 */
const SERVER_NAME = `server-capture-runs-test-${process.pid}-${randomBytes(4).toString('hex')}`;
const SERVER_FILE = path.join(BFF_ROOT, 'dist', `${SERVER_NAME}.js`);
const logger = pino({ level: 'silent' });
const SIM_KEY = 'capture-runs-sim-key';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function databaseUrl(database: DatabaseHandle): Promise<string> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(database.db);
  const url = new URL(process.env.PAYDESK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${rows[0]!.name}`;
  return url.toString();
}

/**
 * The BFF as its own process (the built src/server.ts) with the Node flags production passes (BFF_NODE_FLAGS, as
 * its start script and the Dockerfile), on a free port, serving once /api/health answers.
 */
async function startBff(url: string, env: Record<string, string>): Promise<{ child: ChildProcess; baseUrl: string }> {
  const port = await freePort();
  // The test suite's password setting stays in the suite: the server refuses to start with it.
  const { PAYDESK_TEST_FAST_PASSWORD_HASHING: _testOnly, ...parentEnv } = process.env;
  const child = spawn(process.execPath, ['--enable-source-maps', ...BFF_NODE_FLAGS, SERVER_FILE], {
    cwd: BFF_ROOT,
    env: { ...parentEnv, DATABASE_URL: url, PORT: String(port), LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The BFF exited (code ${child.exitCode}) before it served.`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return { child, baseUrl };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('The BFF did not serve within 90 s.');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe('capture runs across instances (postgres)', () => {
  let database: DatabaseHandle;
  let url: string;
  let simulator: Simulator;
  let sim: SimCall;
  let sandbox: PaymentMethodRow;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    const built = bundleBff({ [SERVER_NAME]: 'src/server.ts' });
    database = await openTestDatabase();
    url = await databaseUrl(database);
    simulator = createSimulator({ apiKey: SIM_KEY });
    const simUrl = await simulator.listen(0);
    sim = simClient(simUrl, SIM_KEY);
    sandbox = await database.db
      .insertInto('payment_methods')
      .values({
        type: 'sandbox',
        name: 'Sandbox card',
        auto_capture: false,
        preferences: JSON.stringify({ base_url: simUrl, api_key: SIM_KEY, timeout_ms: 10_000, max_concurrency: 8 }),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await built;
  });
  afterAll(async () => {
    await Promise.all(children.map(killed));
    await simulator?.close();
    await database?.close();
    await Promise.all([SERVER_FILE, `${SERVER_FILE}.map`].map((file) => rm(file, { force: true })));
  });

  /** Authorizations that are real at the simulator. */
  async function sandboxPayments(count: number) {
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const { order, payment } = await givenPayment(database.db, sandbox, { total: '25.00' });
      const charged = await sim(
        'POST',
        '/v1/authorize',
        {
          amount: 2500,
          currency: 'USD',
          order_id: gatewayOrderId(order.number, payment.identifier),
          card: { number: '4111111111111111', month: 12, year: 2030 },
        },
        { 'idempotency-key': `setup-${payment.id}` },
      );
      await database.db
        .updateTable('payments')
        .set({ transaction_id: charged.body.id })
        .where('id', '=', payment.id)
        .execute();
      ids.push(payment.id);
    }
    return ids;
  }

  const captureLogEntries = async (ids: number[]) =>
    database.db
      .selectFrom('log_entries')
      .select(['payment_id', 'success'])
      .where('action', '=', 'capture')
      .where('payment_id', 'in', ids)
      .execute();

  it('two instances work one run together: each payment captured once, within max_concurrency overall', async () => {
    const second = openDatabase({ databaseUrl: url, poolSize: 10 });
    try {
      const method = await givenPaymentMethod(database.db, { name: 'Shared card' });
      await database.db
        .updateTable('payment_methods')
        .set({ preferences: JSON.stringify({ latency_ms: 25, max_concurrency: 6 }) })
        .where('id', '=', method.id)
        .execute();
      const staff = await createStaff(database.db, 'operator', 'two-instances@example.test');
      const ids = [];
      for (let i = 0; i < 60; i++) ids.push((await givenPayment(database.db, method, { total: '10.00' })).payment.id);
      const { createCaptureRun } = await import('../src/capture-runs/capture-runs.ts');
      const run = await createCaptureRun(
        database.db,
        { staff, ip: null, userAgent: null, idempotencyKey: null },
        { selection: { ids }, conditions: [] },
      );
      // The first instance looks for work only when started and when one of its items has none to hand on to; the
      // second also every 10 ms. So the first holds the 3 items of its first claim (a batch), each handing its slot
      // on to the next, and the run's other 3 slots are the second's: both work the run, whatever the load.
      const runners = [
        new CaptureRunner({ db: database.db, gateways: defaultGateways(), logger, pollMs: 600_000, batchSize: 3 }),
        new CaptureRunner({ db: second.db, gateways: defaultGateways(), logger, pollMs: 10, batchSize: 3 }),
      ];
      const [first, other] = runners as [CaptureRunner, CaptureRunner];
      // Tokens no card-number scrub can change (randomToken).
      for (const runner of runners) expect(runner.id).toMatch(/^capture-runner-[0-9a-f]{32}$/);
      let peak = 0;
      const sampler = setInterval(async () => {
        const { rows } = await sql<{
          n: number;
        }>`select count(*)::int as n from capture_run_items where run_id = ${run.id} and status = 'in_flight'`.execute(
          database.db,
        );
        peak = Math.max(peak, rows[0]!.n);
      }, 5);
      first.start();
      await expect
        .poll(
          async () =>
            Number(
              (
                await database.db
                  .selectFrom('capture_run_items')
                  .select((eb) => eb.fn.countAll<number>().as('n'))
                  .where('run_id', '=', run.id)
                  .where('claimed_by', '=', first.id)
                  .executeTakeFirstOrThrow()
              ).n,
            ),
          { timeout: 30_000 },
        )
        .toBeGreaterThan(0);
      other.start();
      await other.drain(run.id, 60_000);
      clearInterval(sampler);
      await Promise.all(runners.map((runner) => runner.stop()));

      const items = await database.db
        .selectFrom('capture_run_items')
        .select(['status', 'claimed_by'])
        .where('run_id', '=', run.id)
        .execute();
      expect(items.every((item) => item.status === 'captured')).toBe(true);
      // Both instances took items.
      expect(new Set(items.map((item) => item.claimed_by))).toEqual(new Set(runners.map((runner) => runner.id)));
      expect(peak).toBeLessThanOrEqual(6);
      const entries = await captureLogEntries(ids);
      expect(entries).toHaveLength(60);
      expect(new Set(entries.map((entry) => entry.payment_id)).size).toBe(60);
      const stored = await database.db
        .selectFrom('capture_runs')
        .selectAll()
        .where('id', '=', run.id)
        .executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ status: 'done', captured: 60, failed: 0, skipped: 0 });
    } finally {
      await second.close();
    }
  }, 120_000);

  it('a BFF killed mid-run: restarted, it finishes the run; nothing is captured twice and nothing is lost', async () => {
    const ids = await sandboxPayments(40);
    const before = (await sim('GET', '/_stats')).body.executed.capture ?? 0;
    // Every capture takes 400 ms at the gateway, so the instance dies with captures at the gateway.
    await sim('POST', '/_faults', { mode: 'latency', path: 'capture', count: 1000, latency_ms: 400 });
    const staff = await createStaff(database.db, 'operator', 'restart@example.test');
    const env = { PAYDESK_CAPTURE_RUN_LEASE_SECONDS: '2', PAYDESK_STUCK_AFTER_SECONDS: '3' };

    const first = await startBff(url, env);
    children.push(first.child);
    const client = new ApiClient(first.baseUrl);
    expect((await client.login(staff.email)).status).toBe(200);
    const created = await client.post('/api/capture-runs', { ids }, { 'Idempotency-Key': 'restart-run' });
    expect(created.status).toBe(202);
    const runId = created.body.id;

    // Kill it once some are captured and others are at the gateway.
    for (let i = 0; i < 600; i++) {
      const run = (await client.get(`/api/capture-runs/${runId}`)).body;
      if (run.captured >= 8 && run.in_flight > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await killed(first.child);
    const atKill = await database.db
      .selectFrom('capture_run_items')
      .select(['status'])
      .where('run_id', '=', runId)
      .execute();
    expect(atKill.filter((item) => item.status === 'in_flight').length).toBeGreaterThan(0);
    expect(atKill.filter((item) => item.status === 'queued').length).toBeGreaterThan(0);

    const restarted = await startBff(url, env);
    children.push(restarted.child);
    const again = new ApiClient(restarted.baseUrl);
    expect((await again.login(staff.email)).status).toBe(200);
    let run: any;
    for (let i = 0; i < 1200; i++) {
      run = (await again.get(`/api/capture-runs/${runId}`)).body;
      if (run.finished_at) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Every payment accounted for. A capture the gateway never received (the instance died before sending
    // it, and the gateway says it has no such operation) is failed, not lost: its payment is still preauth.
    expect(run).toMatchObject({ status: 'done', total: 40, skipped: 0, remaining: 0 });
    expect(run.captured + run.failed).toBe(40);
    expect(run.captured).toBeGreaterThanOrEqual(8);

    // Exactly once, at the gateway and here: one executed capture per captured item, none for the others.
    const items = await database.db
      .selectFrom('capture_run_items')
      .innerJoin('payments', 'payments.id', 'capture_run_items.payment_id')
      .select([
        'capture_run_items.status as outcome',
        'payments.status',
        'payments.operation',
        'payments.captured_amount',
      ])
      .where('run_id', '=', runId)
      .execute();
    for (const item of items) {
      expect(item.operation).toBeNull();
      expect(item.status).toBe(item.outcome === 'captured' ? 'confirmed' : 'preauth');
    }
    const executed = (await sim('GET', '/_stats')).body.executed.capture - before;
    expect(executed).toBe(run.captured);
    expect(run.captured_amounts).toEqual({ USD: `${run.captured * 25}.00` });
    const entries = await captureLogEntries(ids);
    // One capture call per payment at most (a capture the instance died in is settled by a retrieve).
    expect(new Set(entries.map((e) => e.payment_id)).size).toBe(entries.length);

    // What failed is captured by a retry, once.
    if (run.failed > 0) {
      const retry = await again.post(`/api/capture-runs/${runId}/retry`);
      expect(retry.status).toBe(202);
      let retried: any;
      for (let i = 0; i < 600; i++) {
        retried = (await again.get(`/api/capture-runs/${retry.body.id}`)).body;
        if (retried.finished_at) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(retried).toMatchObject({ status: 'done', captured: run.failed });
    }
    expect((await sim('GET', '/_stats')).body.executed.capture - before).toBe(40);
    const payments = await database.db.selectFrom('payments').select('status').where('id', 'in', ids).execute();
    expect(payments.every((p) => p.status === 'confirmed')).toBe(true);
    await killed(restarted.child);
  }, 180_000);
});
