import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, withDatabase, type BenchConfig } from './lib/config.ts';
import { createBenchStaff, recreateDatabase } from './lib/database.ts';
import { pgPool, type PgPool } from './lib/deps.ts';
import { type Client, commandKey, listPath, loginClients } from './lib/http.ts';
import { run, rssOf, sampleRss, startBff, startGatewaySim } from './lib/processes.ts';
import { latency, type Latency } from './lib/stats.ts';
import { CaptureRunner } from '../apps/bff/src/capture-runs/capture-runner.ts';
import { insertCaptureRun } from '../apps/bff/src/capture-runs/capture-runs.repository.ts';
import { defaultGateways } from '../apps/bff/src/gateways/registry.ts';
import { createLogger } from '../apps/bff/src/logger.ts';
import { cpuMeter } from './lib/cpu.ts';
import { SqlCapture } from './lib/sql-capture.ts';

/**
 * BENCH_ONLY=runs: capture runs of 10,000 payments through the bogus gateway (`latency_ms`) and through the
 * gateway simulator process (`sandbox`), beside the ideal max_concurrency / latency; with no latency beside
 * single captures sent by 16 clients; a run of BENCH_RUN_LARGE (default 100,000) payments with the BFF's RSS
 * and the payments list's p95 while it goes. Then the exactly-once checks. Its own database (<bench>_runs).
 */

const SIM_KEY = 'bench-sim-key';
const AMOUNT = '25.10';

export interface RunScenario {
  name: string;
  gateway: 'bogus' | 'sandbox';
  payments: number;
  latencyMs: number;
  maxConcurrency: number;
  seconds: number;
  perSecond: number;
  /** max_concurrency / latency: what the gateway allows at best (none without latency). */
  ideal: number | null;
  captured: number;
  failed: number;
  skipped: number;
}

/** What one item of a run sends to PostgreSQL, counted over a whole run (claims and polls shared out). */
export interface ItemStatements {
  items: number;
  /** Statements (each one round trip) per item, BEGIN and COMMIT included. */
  perItem: number;
  commitsPerItem: number;
  /** Each kind of statement and how many an item sends. */
  kinds: { statement: string; perItem: number }[];
}

export interface RunsResult {
  statements: ItemStatements;
  /** CPU per capture during the no-latency run, in ms: the BFF's and PostgreSQL's. */
  cpu: { bffMs: number; postgresMs: number; machineCores: number } | null;
  loadAverage: { before: number[]; after: number[] };
  scenarios: RunScenario[];
  single: { clients: number; captures: number; seconds: number; perSecond: number };
  large: null | {
    payments: number;
    seconds: number;
    perSecond: number;
    idleRssMb: number;
    peakRssMb: number;
    /** The BFF's CPU per capture during the run, in ms (it includes the payments list's requests). */
    bffCpuMs?: number;
    listAtRest: Latency;
    listDuringRun: Latency;
  };
  checks: { name: string; ok: boolean; detail: string }[];
}

const log = (line: string) => console.error(line);

async function method(db: PgPool, type: string, name: string, preferences: Record<string, unknown>): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO payment_methods (type, name, auto_capture, preferences) VALUES ($1, $2, false, $3) RETURNING id`,
    [type, name, JSON.stringify(preferences)],
  );
  return rows[0]!.id;
}

let sequence = 0;
/** `count` preauthorized payments of one method, set-based (orders first, then their payments). */
async function payments(db: PgPool, methodId: number, count: number): Promise<void> {
  const from = sequence;
  sequence += count;
  await db.query(
    `INSERT INTO orders (number, email, currency, item_total, total, state, payment_state, created_at, updated_at)
     SELECT 'RUN' || lpad(g::text, 8, '0'), 'run' || g || '@example.com', 'USD', $3, $3, 'complete', 'balance_due', now(), now()
     FROM generate_series($1::int + 1, $1::int + $2::int) AS g`,
    [from, count, AMOUNT],
  );
  await db.query(
    `INSERT INTO payments (identifier, order_id, payment_method_id, status, currency, total, billing_first_name,
       billing_last_name, billing_email, billing_country_code, card_brand, card_last4, card_exp_month, card_exp_year,
       extra_data, created_at, modified_at)
     SELECT 'Z' || lpad(g::text, 7, '0'), o.id, $3, 'preauth', 'USD', $4, 'Ada', 'Lovelace', o.email, 'GB', 'visa', '1111', 12, 2030,
       '{}', now(), now()
     FROM generate_series($1::int + 1, $1::int + $2::int) AS g
     JOIN orders o ON o.number = 'RUN' || lpad(g::text, 8, '0')`,
    [from, count, methodId, AMOUNT],
  );
}

/**
 * The statements of a run's items: a run of `count` payments (bogus, no latency) worked by a runner in this
 * process on a Kysely that records every statement, before the BFF starts (so no other runner takes them).
 */
async function itemStatements(url: string, db: PgPool, count: number): Promise<ItemStatements> {
  const methodId = await method(db, 'bogus', 'statements per item', {});
  await payments(db, methodId, count);
  const { rows } = await db.query<{ id: number }>('SELECT id FROM staff_users ORDER BY id LIMIT 1');
  const capture = new SqlCapture(url);
  try {
    const { rows: ids } = await db.query<{ id: number }>('SELECT id FROM payments WHERE payment_method_id = $1', [
      methodId,
    ]);
    const run = await capture.db.transaction().execute((tx) =>
      insertCaptureRun(
        tx,
        {
          selection: { ids: ids.map((r) => r.id) },
          created_by: rows[0]!.id,
          created_ip: null,
          created_user_agent: null,
        },
        [],
      ),
    );
    const statements = await capture.capture(async (recorded) => {
      const runner = new CaptureRunner({
        db: recorded,
        gateways: defaultGateways(),
        logger: createLogger('silent'),
        onlyRun: run.id,
        pollMs: 50,
      });
      runner.start();
      for (;;) {
        const { rows: left } = await db.query<{ finished: boolean }>(
          'SELECT finished_at IS NOT NULL AS finished FROM capture_runs WHERE id = $1',
          [run.id],
        );
        if (left[0]!.finished) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await runner.stop();
    });
    const kinds = new Map<string, number>();
    for (const { sql } of statements) {
      const kind = sql.replace(/\s+/g, ' ').slice(0, 90);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    return {
      items: count,
      perItem: statements.length / count,
      commitsPerItem: statements.filter((s) => /^commit/i.test(s.sql)).length / count,
      kinds: [...kinds]
        .map(([statement, n]) => ({ statement, perItem: n / count }))
        .sort((a, b) => b.perItem - a.perItem),
    };
  } finally {
    await capture.close();
  }
}

/** Makes a run of one method's authorizations and waits for it; throughput from its own started/finished times. */
async function captureRun(client: Client, methodId: number, onTick?: () => void) {
  const created = await client.command('/api/capture-runs', { filter: { payment_method_id: methodId } });
  if (created.status !== 202)
    throw new Error(`POST /api/capture-runs: ${created.status} ${JSON.stringify(created.body)}`);
  for (;;) {
    const run = (await client.get(`/api/capture-runs/${created.body.id}`)).body;
    if (run.finished_at) {
      const seconds = (Date.parse(run.finished_at) - Date.parse(run.started_at)) / 1000;
      return { run, seconds };
    }
    onTick?.();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function benchRuns(config: BenchConfig): Promise<RunsResult> {
  const name = `${config.databaseName}_runs`;
  const url = withDatabase(config.databaseUrl, name);
  const local: BenchConfig = { ...config, databaseUrl: url, databaseName: name };
  const large = Number(process.env.BENCH_RUN_LARGE ?? 100_000);
  const size = Number(process.env.BENCH_RUN_SIZE ?? 10_000);
  await recreateDatabase(config, name);
  await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'seed', '--payments', '200'], {
    cwd: path.join(ROOT, 'apps/bff'),
    env: { DATABASE_URL: url },
    quiet: true,
  });
  await createBenchStaff(local);
  const sim = await startGatewaySim(SIM_KEY);
  const db = pgPool(url, 2);
  const loadBefore = os.loadavg();
  const statements = await itemStatements(url, db, 500);
  log(`   statements per item: ${statements.perItem.toFixed(2)}, commits ${statements.commitsPerItem.toFixed(2)}`);
  for (const kind of statements.kinds) log(`     ${kind.perItem.toFixed(2)}  ${kind.statement}`);
  const bff = await startBff(url);
  try {
    const [client] = await loginClients(bff.url, 1);
    const scenarios: RunScenario[] = [];
    const specs = [
      { name: 'bogus, 300 ms, max_concurrency 32', gateway: 'bogus' as const, latencyMs: 300, maxConcurrency: 32 },
      { name: 'bogus, 300 ms, max_concurrency 64', gateway: 'bogus' as const, latencyMs: 300, maxConcurrency: 64 },
      {
        name: 'sandbox process, 300 ms, max_concurrency 32',
        gateway: 'sandbox' as const,
        latencyMs: 300,
        maxConcurrency: 32,
      },
      { name: 'bogus, no latency, max_concurrency 32', gateway: 'bogus' as const, latencyMs: 0, maxConcurrency: 32 },
    ];
    const methodIds: number[] = [];
    let cpu: RunsResult['cpu'] = null;
    // BENCH_RUN_SCENARIOS=1,4 measures those runs alone (while working on one of them); `none` measures only
    // the single captures and the large run (its paragraph alone is then written in BENCHMARKS.md).
    const chosen =
      process.env.BENCH_RUN_SCENARIOS === 'none' ? [] : process.env.BENCH_RUN_SCENARIOS?.split(',').map(Number);
    for (const spec of specs.filter((_, i) => !chosen || chosen.includes(i + 1))) {
      const id =
        spec.gateway === 'bogus'
          ? await method(db, 'bogus', spec.name, { latency_ms: spec.latencyMs, max_concurrency: spec.maxConcurrency })
          : await method(db, 'sandbox', spec.name, {
              base_url: sim.url,
              api_key: SIM_KEY,
              timeout_ms: 10_000,
              max_concurrency: spec.maxConcurrency,
            });
      methodIds.push(id);
      await payments(db, id, size);
      if (spec.gateway === 'sandbox') await authorizeAtSimulator(db, sim.url, id);
      log(`   ${spec.name}: ${size} payments`);
      if (spec.gateway === 'sandbox') {
        await fetch(`${sim.url}/_faults`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ mode: 'latency', path: 'capture', count: size, latency_ms: spec.latencyMs }),
        });
      }
      const window = performance.now();
      const meter = spec.latencyMs === 0 ? cpuMeter([bff.pid]) : undefined;
      const { run: done, seconds } = await captureRun(client!, id);
      const use = meter?.stop();
      if (use) {
        const perCapture = (cores: number) => (cores * (performance.now() - window)) / done.captured;
        cpu = { bffMs: perCapture(use.bff), postgresMs: perCapture(use.postgres), machineCores: use.machine };
        log(`   CPU per capture: BFF ${cpu.bffMs.toFixed(2)} ms, PostgreSQL ${cpu.postgresMs.toFixed(2)} ms`);
      }
      const perSecond = done.captured / seconds;
      const ideal = spec.latencyMs > 0 ? spec.maxConcurrency / (spec.latencyMs / 1000) : null;
      log(
        `   ${spec.name}: ${done.captured} captured in ${seconds.toFixed(1)} s = ${perSecond.toFixed(1)}/s (ideal ${ideal?.toFixed(1) ?? '-'})`,
      );
      scenarios.push({
        ...spec,
        payments: size,
        seconds,
        perSecond,
        ideal,
        captured: done.captured,
        failed: done.failed,
        skipped: done.skipped,
      });
    }

    // Single captures, 16 clients, no latency: the same gateway method as the last run.
    const singleMethod = await method(db, 'bogus', 'single captures', {});
    await payments(db, singleMethod, 4000);
    const ids = (
      await db.query<{ id: number }>('SELECT id FROM payments WHERE payment_method_id = $1 ORDER BY id', [singleMethod])
    ).rows.map((r) => r.id);
    const clients = await loginClients(bff.url, 16);
    const started = performance.now();
    let captures = 0;
    await Promise.all(
      clients.map(async (c) => {
        for (let id = ids.pop(); id !== undefined; id = ids.pop()) {
          if ((await c.command(`/api/payments/${id}/capture`)).status === 200) captures++;
        }
      }),
    );
    const singleSeconds = (performance.now() - started) / 1000;
    const single = { clients: 16, captures, seconds: singleSeconds, perSecond: captures / singleSeconds };
    log(`   single captures, 16 clients: ${single.perSecond.toFixed(1)}/s`);

    const loadAfter = os.loadavg();
    const sandboxId =
      methodIds[specs.filter((_, i) => !chosen || chosen.includes(i + 1)).findIndex((s) => s.gateway === 'sandbox')];
    if (large === 0) {
      const checks = await exactlyOnce(db, sim.url, methodIds, sandboxId);
      return {
        statements,
        cpu,
        loadAverage: { before: loadBefore, after: loadAfter },
        scenarios,
        single,
        large: null,
        checks,
      };
    }
    // The large run: memory and the payments list while it goes.
    const largeMethod = await method(db, 'bogus', 'large run', { max_concurrency: 64 });
    await payments(db, largeMethod, large);
    await db.query('VACUUM (ANALYZE)');
    const listPathOnce = listPath('payments', { sort: ['created_at', 'DESC'], range: [0, 24] });
    const listOnce = async () => (await client!.get(listPathOnce)).ms;
    const atRest: number[] = [];
    for (let i = 0; i < 100; i++) atRest.push(await listOnce());
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idle = rssOf(bff.pid) ?? 0;
    const rss = sampleRss(bff.pid);
    const during: number[] = [];
    let listing = true;
    const lister = (async () => {
      while (listing) {
        during.push(await listOnce());
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const window = performance.now();
    const meter = cpuMeter([bff.pid]);
    const { run: largeRun, seconds: largeSeconds } = await captureRun(client!, largeMethod);
    listing = false;
    await lister;
    const use = meter.stop();
    const bffCpuMs = use ? (use.bff * (performance.now() - window)) / largeRun.captured : undefined;
    const peak = rss.stop()?.peak ?? 0;
    log(
      `   large run: ${largeRun.captured} in ${largeSeconds.toFixed(1)} s; RSS ${(idle / 2 ** 20).toFixed(0)} → ${(peak / 2 ** 20).toFixed(0)} MB`,
    );

    const checks = await exactlyOnce(db, sim.url, [...methodIds, largeMethod], sandboxId);
    return {
      statements,
      cpu,
      loadAverage: { before: loadBefore, after: os.loadavg() },
      scenarios,
      single,
      large: {
        payments: large,
        seconds: largeSeconds,
        perSecond: largeRun.captured / largeSeconds,
        idleRssMb: idle / 2 ** 20,
        peakRssMb: peak / 2 ** 20,
        bffCpuMs,
        listAtRest: latency(atRest),
        listDuringRun: latency(during),
      },
      checks,
    };
  } finally {
    await bff.stop();
    sim.stop();
    await db.end();
  }
}

/** Real authorizations at the simulator for a sandbox method's payments, 32 at a time. */
async function authorizeAtSimulator(db: PgPool, simUrl: string, methodId: number): Promise<void> {
  const { rows } = await db.query<{ id: number; identifier: string; number: string }>(
    `SELECT p.id, p.identifier, o.number FROM payments p JOIN orders o ON o.id = p.order_id WHERE p.payment_method_id = $1`,
    [methodId],
  );
  const queue = [...rows];
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let row = queue.pop(); row; row = queue.pop()) {
        const response = await fetch(`${simUrl}/v1/authorize`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${SIM_KEY}`,
            'content-type': 'application/json',
            'idempotency-key': commandKey(),
          },
          body: JSON.stringify({
            amount: 2510,
            currency: 'USD',
            order_id: `${row.number}-${row.identifier.trim()}`,
            card: { number: '4111111111111111', month: 12, year: 2030 },
          }),
        });
        const body = (await response.json()) as { id: string };
        await db.query('UPDATE payments SET transaction_id = $2 WHERE id = $1', [row.id, body.id]);
      }
    }),
  );
}

/** After the runs: every item captured once, at the gateway and in the database, and audited once. */
async function exactlyOnce(db: PgPool, simUrl: string, methodIds: number[], sandboxId: number | undefined) {
  const checks: RunsResult['checks'] = [];
  const one = async (label: string, query: string, params: unknown[] = []) => {
    const { rows } = await db.query<{ n: number }>(query, params);
    const n = Number(rows[0]!.n);
    checks.push({ name: label, ok: n === 0, detail: String(n) });
  };
  await one(
    'payments with more than one capture log entry',
    `SELECT count(*) AS n FROM (SELECT payment_id FROM log_entries WHERE action = 'capture' GROUP BY payment_id HAVING count(*) > 1) x`,
  );
  await one(
    'captured items whose payment is not confirmed for its total',
    `SELECT count(*) AS n FROM capture_run_items i JOIN payments p ON p.id = i.payment_id
     WHERE i.status = 'captured' AND (p.status <> 'confirmed' OR p.captured_amount <> i.amount OR i.captured_amount <> i.amount)`,
  );
  await one(
    'run payments still preauth, in flight or not captured',
    `SELECT count(*) AS n FROM payments WHERE payment_method_id = ANY($1) AND (status <> 'confirmed' OR operation IS NOT NULL)`,
    [methodIds],
  );
  await one(
    'items not captured, or in more than one run',
    `SELECT count(*) AS n FROM capture_run_items WHERE status <> 'captured'
     UNION ALL SELECT count(*) FROM (SELECT payment_id FROM capture_run_items GROUP BY payment_id HAVING count(*) > 1) x
     ORDER BY 1 DESC LIMIT 1`,
  );
  await one(
    'captured items without exactly one succeeded capture audit event',
    // One grouped pass over the audit events (a subquery per item scans them once per item: hours at 100,000).
    `SELECT count(*) AS n FROM capture_run_items i
     LEFT JOIN (SELECT idempotency_key, count(*) AS c FROM audit_events
                WHERE action = 'payment.capture' AND outcome = 'succeeded' GROUP BY idempotency_key) a
       ON a.idempotency_key = 'capture-run-' || i.run_id || '-payment-' || i.payment_id
     WHERE coalesce(a.c, 0) <> 1`,
  );
  await one(
    'runs whose counts disagree with their items',
    `SELECT count(*) AS n FROM capture_runs r WHERE r.captured <> (SELECT count(*) FROM capture_run_items i WHERE i.run_id = r.id AND i.status = 'captured')
     OR (r.captured_amounts->>'USD')::numeric <> (SELECT sum(captured_amount) FROM capture_run_items i WHERE i.run_id = r.id)`,
  );
  const stats = (await (await fetch(`${simUrl}/_stats`)).json()) as { executed: { capture: number } };
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM capture_run_items WHERE payment_method_id = $1 AND status = 'captured'`,
    [sandboxId],
  );
  checks.push({
    name: 'captures executed by the simulator = sandbox items captured',
    ok: stats.executed.capture === Number(rows[0]!.n),
    detail: `${stats.executed.capture} = ${rows[0]!.n}`,
  });
  return checks;
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** BENCHMARKS.md's section, between its markers (replaced in place when the runs are measured alone). */
/**
 * What held the runs back: with no latency a run is bound by the CPU it gets, and that rate is the most any
 * run of that BFF could reach on the same machine at the same time.
 */
function limits(result: RunsResult): string[] {
  const free = result.scenarios.find((s) => s.latencyMs === 0);
  const missed = result.scenarios.filter((s) => s.ideal && s.perSecond / s.ideal < 0.8);
  if (!free || missed.length === 0) return [];
  return [
    `**What limits it.** With no gateway latency the same BFF captured ${fmt(free.perSecond)}/s: that is what its share of the machine's CPU allowed while these runs went (the no-latency run is bound by CPU alone). A run at 300 ms needs ${missed.map((s) => `${fmt(0.8 * s.ideal!)}/s (${s.name})`).join(', ')} for 0.8× the ideal; a call's 300 ms is spent waiting, not computing, so what a run adds to it is the time each capture's two transactions wait for the CPU — for the BFF's one thread between their round trips, and for PostgreSQL — which grows with the load of everything else on the 2 cores.`,
    '',
  ];
}

/** The large run's paragraph of the section; `alone` says when and at what load it was measured by itself. */
function largeRunParagraph(large: NonNullable<RunsResult['large']>, alone?: string): string {
  const growth = large.peakRssMb - large.idleRssMb;
  return `A run of ${large.payments.toLocaleString('en')} payments (bogus, no latency, max_concurrency 64${alone ? `; ${alone}` : ''}): ${fmt(large.seconds)} s, ${fmt(large.perSecond)} captures/s; the BFF's RSS ${fmt(large.idleRssMb, 0)} MB idle, peak ${fmt(large.peakRssMb, 0)} MB during the run (+${fmt(growth, 0)} MB; target within 50 MB: ${growth <= 50 ? 'met' : 'MISSED'})${large.bffCpuMs === undefined ? '' : `; the BFF's CPU ${fmt(large.bffCpuMs, 2)} ms per capture, the payments list's requests included`}. The payments list (first page, newest first): p50 ${fmt(large.listAtRest.p50)} ms / p95 ${fmt(large.listAtRest.p95)} ms at rest, p50 ${fmt(large.listDuringRun.p50)} ms / p95 ${fmt(large.listDuringRun.p95)} ms while the run goes (${large.listDuringRun.n} requests). Before the BFF ran with \`--heap-growing-percent=50\` (\`apps/bff/src/node-flags.ts\`), the same run gave 272 MB idle and a peak of 346 MB (+75 MB), 710.0 s at 140.9 captures/s (load average 4.7 / 4.6 / 4.9 after the runs): what stayed alive held at 50–60 MB, the rest was garbage of the items in flight, promoted to the old generation, which V8 let grow to about 3.5× what its last full collection kept.`;
}

/**
 * The large run measured without the 10,000-payment runs (`BENCH_RUN_SCENARIOS=none`): its paragraph, with its
 * date, load and exactly-once checks, in place of the one in the section; the rest of the section stays.
 */
export function largeRunAlone(result: RunsResult, measuredAt = new Date()): string {
  const load = (values: number[]) => values.map((v) => v.toFixed(1)).join(' / ');
  const failed = result.checks.filter((c) => !c.ok && !c.name.startsWith('captures executed by the simulator'));
  const alone = `measured alone with \`BENCH_ONLY=runs BENCH_RUN_SCENARIOS=none pnpm bench\`, ${measuredAt.toISOString().slice(0, 10)}, after ${result.single.captures} single captures; load average ${load(result.loadAverage.before)} before and ${load(result.loadAverage.after)} after; exactly once for its items: ${failed.length === 0 ? 'every check ok' : `FAILED ${failed.map((c) => `${c.name} (${c.detail})`).join(', ')}`}`;
  return largeRunParagraph(result.large!, alone);
}

export function runsSection(result: RunsResult, measuredAt = new Date()): string {
  const load = (values: number[]) => values.map((v) => v.toFixed(1)).join(' / ');
  const { statements: st, cpu } = result;
  const lines = [
    '<!-- capture-runs -->',
    '## Capture runs',
    '',
    `\`BENCH_ONLY=runs pnpm bench\`, ${measuredAt.toISOString().slice(0, 10)}: runs of ${result.scenarios[0]?.payments.toLocaleString('en')} payments each on a database of their own, one BFF, throughput from the run's \`started_at\` to \`finished_at\`. Load average (1 / 5 / 15 min) ${load(result.loadAverage.before)} before the runs and ${load(result.loadAverage.after)} after them, on 2 cores shared with other engineers' work.`,
    '',
    '| run | seconds | captures/s | ideal (max_concurrency / latency) | of ideal | target ≥ 0.8× |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...result.scenarios.map((s) => {
      const ratio = s.ideal ? s.perSecond / s.ideal : null;
      return `| ${s.name} | ${fmt(s.seconds)} | ${fmt(s.perSecond)} | ${s.ideal ? fmt(s.ideal) : '—'} | ${ratio === null ? '—' : `${fmt(ratio, 2)}×`} | ${ratio === null ? '—' : ratio >= 0.8 ? 'met' : 'MISSED'} |`;
    }),
    `| single captures, ${result.single.clients} clients, no latency (${result.single.captures} captures) | ${fmt(result.single.seconds)} | ${fmt(result.single.perSecond)} | — | — | — |`,
    '',
    ...limits(result),
    `**One item of a run** (a run of ${st.items} payments worked by a runner on a Kysely that records every statement, before the BFF starts): ${fmt(st.perItem, 2)} statements to PostgreSQL — each one round trip — and ${fmt(st.commitsPerItem, 2)} commits per item, claims, polls and the run's end included. Before the transaction that records the gateway's answer read the order's payments in the payment's update and wrote the order's payment state in the log entry's statement, the same measurement gave 14.12 statements per item (2.01 commits); before it took the order's lock with the payment's and wrote the audit event in the log entry's statement, the same measurement gave 16.11 statements per item (2.01 commits); before an ending item handed its slot on and recorded itself in the capture's own transaction, and before the capture skipped what a started operation does not change, the same measurement gave 22.40 statements, 2.07 commits and one more autocommitted write per item.`,
    ...(cpu
      ? [
          '',
          `CPU per capture during the no-latency run: BFF ${fmt(cpu.bffMs, 2)} ms, PostgreSQL ${fmt(cpu.postgresMs, 2)} ms (the whole server's CPU, other engineers' databases included; the machine was ${fmt(cpu.machineCores, 2)} of 2 cores busy).`,
        ]
      : []),
    '',
    '<details><summary>The statements of a run item, per item</summary>',
    '',
    '```',
    ...st.kinds.filter((k) => k.perItem >= 0.005).map((k) => `${k.perItem.toFixed(2)}  ${k.statement}`),
    '```',
    '</details>',
    '',
    ...(result.large ? [largeRunParagraph(result.large), ''] : []),
    'Exactly once, after the runs:',
    '',
    '| check | result |',
    '| --- | --- |',
    ...result.checks.map((c) => `| ${c.name} | ${c.ok ? 'ok' : 'FAILED'} (${c.detail}) |`),
    '<!-- /capture-runs -->',
  ];
  return lines.join('\n');
}

export function writeRunsSection(result: RunsResult): void {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const pattern = /<!-- capture-runs -->[\s\S]*<!-- \/capture-runs -->/;
  const paragraph = /^A run of [\d,]+ payments \(bogus.*$/m;
  const existing = pattern.exec(text)?.[0];
  if (result.scenarios.length === 0 && result.large && existing && paragraph.test(existing)) {
    const section = existing.replace(paragraph, () => largeRunAlone(result));
    writeFileSync(
      file,
      text.replace(pattern, () => section),
    );
    return;
  }
  const section = runsSection(result);
  // A function, not the string: the section's statements hold `$'`, which String.replace would expand.
  writeFileSync(file, pattern.test(text) ? text.replace(pattern, () => section) : `${text.trimEnd()}\n\n${section}\n`);
}
