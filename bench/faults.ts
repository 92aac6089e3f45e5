import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REFUND_UNKNOWN_AFTER_MINUTES } from '../apps/bff/src/reconciliation/reconciliation.repository.ts';
import { loadBenchConfig, ROOT, withDatabase, type BenchConfig } from './lib/config.ts';
import { createBenchStaff, describeMachine, dropDatabase, recreateDatabase, type Machine } from './lib/database.ts';
import { pgPool, type PgPool } from './lib/deps.ts';
import { type Answer, type Client, commandKey, listPath, loginClients } from './lib/http.ts';
import { killAll, run, startBff, startGatewaySim, type RunningBff } from './lib/processes.ts';
import { latency, ms, type Latency } from './lib/stats.ts';

/**
 * `pnpm bench:faults`: a BFF process and the gateway simulator process on their own PostgreSQL database
 * (`paydesk_bench_faults` on the server of PAYDESK_BENCH_PG_URL), a few hundred payments authorized at the
 * simulator, and four kinds of fault:
 *   1. the simulator's faults (timeout, reset, http500, succeed_then_error, latency past timeout_ms) on capture,
 *      void and refund, then reconciliation;
 *   2. kill -9 of the BFF while captures and refunds are at the gateway, a restart, then reconciliation;
 *   3. pg_terminate_backend of every BFF connection, three times, while 16 clients read and send commands;
 *   4. a payment row held FOR UPDATE for 8 s while clients read and one sends a command on it.
 * After each: exactly once — every payment's captured and refunded amounts at the gateway equal Paydesk's, and no
 * operation or refund is left unknown. Prints a table, writes BENCHMARKS.md's "Fault suite" section, and exits
 * non-zero if an invariant broke.
 */

const SIM_KEY = 'bench-faults-sim-key';
const AMOUNT = '25.10';
const REFUND = '5.00';
const STUCK_AFTER_SECONDS = 2;
/** The sandbox method's timeout: short, so that a held call gives up soon. */
const TIMEOUT_MS = 1000;
/** The kill -9 method's: long enough that calls are still at the gateway when the BFF is killed. */
const KILL_TIMEOUT_MS = 6000;
const PER_FAULT = 6;
/** Paydesk asks the gateway after a pending refund once it is this old. */
const REFUND_UNKNOWN_AFTER_S = REFUND_UNKNOWN_AFTER_MINUTES * 60;

const log = (line: string) => console.error(line);
const sleep = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait));

interface Row {
  fault: string;
  runs: number;
  /** The payments the fault touched, checked once every one of them is settled. */
  ids: number[];
  /** What else must hold (the BFF stayed up, the answers were the contract's). */
  ok: boolean;
  survived: boolean;
  /** Captures and refunds counted at the gateway and in Paydesk, for the payments the fault touched. */
  money?: MoneyCount;
  fiveXx: Record<string, number>;
  notes: string[];
}

interface MoneyCount {
  gatewayCaptures: number;
  paydeskCaptures: number;
  gatewayRefunds: number;
  paydeskRefunds: number;
  gatewayVoids: number;
  paydeskVoids: number;
  mismatches: number;
  unsettled: number;
}

interface Context {
  db: PgPool;
  simUrl: string;
  bff: RunningBff;
  admin: Client;
  clients: Client[];
  reasonId: number;
}

function config(): BenchConfig & { faultsDb: string } {
  const base = loadBenchConfig();
  const server = process.env.PAYDESK_BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = 'paydesk_bench_faults';
  return {
    ...base,
    adminUrl: withDatabase(server, 'postgres'),
    databaseUrl: withDatabase(server, name),
    databaseName: name,
    faultsDb: name,
  };
}

async function method(db: PgPool, name: string, timeoutMs: number, simUrl: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO payment_methods (type, name, auto_capture, preferences) VALUES ('sandbox', $1, false, $2) RETURNING id`,
    [name, JSON.stringify({ base_url: simUrl, api_key: SIM_KEY, timeout_ms: timeoutMs, max_concurrency: 16 })],
  );
  return rows[0]!.id;
}

let sequence = 0;
/** When the last refund was sent: Paydesk asks after a pending refund once it is a minute old. */
let lastRefundAt = 0;
/** `count` preauthorized payments of one method, each authorized for real at the simulator. */
async function seedPayments(db: PgPool, simUrl: string, methodId: number, count: number): Promise<number[]> {
  const from = sequence;
  sequence += count;
  await db.query(
    `INSERT INTO orders (number, email, currency, item_total, total, state, payment_state, created_at, updated_at)
     SELECT 'FLT' || lpad(g::text, 8, '0'), 'fault' || g || '@example.com', 'USD', $3, $3, 'complete', 'balance_due', now(), now()
     FROM generate_series($1::int + 1, $1::int + $2::int) AS g`,
    [from, count, AMOUNT],
  );
  const { rows } = await db.query<{ id: number; identifier: string; number: string }>(
    `INSERT INTO payments (identifier, order_id, payment_method_id, status, currency, total, billing_first_name,
       billing_last_name, billing_email, billing_country_code, card_brand, card_last4, card_exp_month, card_exp_year,
       extra_data, created_at, modified_at)
     SELECT 'F' || lpad(g::text, 7, '0'), o.id, $3, 'preauth', 'USD', $4, 'Ada', 'Lovelace', o.email, 'GB', 'visa', '1111', 12, 2030,
       '{}', now(), now()
     FROM generate_series($1::int + 1, $1::int + $2::int) AS g
     JOIN orders o ON o.number = 'FLT' || lpad(g::text, 8, '0')
     RETURNING id, identifier, (SELECT number FROM orders WHERE orders.id = order_id) AS number`,
    [from, count, methodId, AMOUNT],
  );
  const queue = [...rows];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
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
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

async function fault(simUrl: string, spec: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${simUrl}/_faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });
  if (response.status !== 201) throw new Error(`POST /_faults ${JSON.stringify(spec)}: ${response.status}`);
}

const clearFaults = (simUrl: string) => fetch(`${simUrl}/_faults`, { method: 'DELETE' });

/** Tallies the answers' 5xx by status; a request that got no answer at all counts as "no answer". */
class Tally {
  readonly fiveXx: Record<string, number> = {};
  count(status: number | 'no answer') {
    if (status === 'no answer' || status >= 500) this.fiveXx[status] = (this.fiveXx[status] ?? 0) + 1;
  }
  async send(work: () => Promise<Answer>): Promise<Answer | undefined> {
    try {
      const answer = await work();
      this.count(answer.status);
      return answer;
    } catch {
      this.count('no answer');
      return undefined;
    }
  }
}

type Command = 'capture' | 'void' | 'refund';

function command(client: Client, op: Command, id: number, reasonId: number) {
  if (op === 'refund')
    return client.command(`/api/payments/${id}/refund`, { amount: REFUND, reason_id: reasonId, note: 'fault suite' });
  return client.command(`/api/payments/${id}/${op}`);
}

/** The ids, `parallel` at a time. */
async function each(ids: number[], parallel: number, work: (id: number, worker: number) => Promise<unknown>) {
  const queue = [...ids];
  await Promise.all(
    Array.from({ length: parallel }, async (_, worker) => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) await work(id, worker);
    }),
  );
}

/** Payments whose operation or a refund is still unknown or in flight. */
async function unsettled(db: PgPool, ids: number[]): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT p.id FROM payments p WHERE p.id = ANY($1)
       AND (p.operation IS NOT NULL OR EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id AND r.status = 'pending'))`,
    [ids],
  );
  return rows.map((r) => r.id);
}

/** Reconciles the unsettled payments as an admin would, a few rounds, once their calls are past stuck. */
async function reconcile(ctx: Context, ids: number[], tally: Tally): Promise<void> {
  for (let round = 0; round < 6; round++) {
    const open = await unsettled(ctx.db, ids);
    if (open.length === 0) return;
    await sleep((STUCK_AFTER_SECONDS + 0.5) * 1000);
    await each(open, 4, (id) => tally.send(() => ctx.admin.request('POST', `/api/payments/${id}/reconcile`, {})));
  }
}

/** Exactly once: each payment's captured and refunded amounts at the simulator against Paydesk's. */
async function moneyCheck(ctx: Context, ids: number[]): Promise<MoneyCount> {
  const { rows } = await ctx.db.query<{
    id: number;
    transaction_id: string;
    status: string;
    captured: string;
    refunded: string;
    refunds: number;
    refunds_sum: string;
  }>(
    `SELECT p.id, p.transaction_id, p.status, round(p.captured_amount * 100)::text AS captured,
            round(p.refunded_amount * 100)::text AS refunded,
            (SELECT count(*) FROM refunds r WHERE r.payment_id = p.id AND r.status = 'succeeded') AS refunds,
            (SELECT round(coalesce(sum(r.amount), 0) * 100)::text FROM refunds r WHERE r.payment_id = p.id AND r.status = 'succeeded') AS refunds_sum
     FROM payments p WHERE p.id = ANY($1)`,
    [ids],
  );
  const count: MoneyCount = {
    gatewayCaptures: 0,
    paydeskCaptures: 0,
    gatewayRefunds: 0,
    paydeskRefunds: 0,
    gatewayVoids: 0,
    paydeskVoids: 0,
    mismatches: 0,
    unsettled: (await unsettled(ctx.db, ids)).length,
  };
  const refundMinor = Math.round(Number(REFUND) * 100);
  await each(
    rows.map((r) => r.id),
    8,
    async (id) => {
      const row = rows.find((r) => r.id === id)!;
      const response = await fetch(`${ctx.simUrl}/v1/transactions/${row.transaction_id}`, {
        headers: { authorization: `Bearer ${SIM_KEY}` },
      });
      const tx = (await response.json()) as { state: string; captured_amount: number; refunded_amount: number };
      const captured = Number(row.captured);
      const refunded = Number(row.refunded);
      if (tx.captured_amount > 0) count.gatewayCaptures++;
      if (captured > 0) count.paydeskCaptures++;
      count.gatewayRefunds += Math.round(tx.refunded_amount / refundMinor);
      count.paydeskRefunds += Number(row.refunds);
      const voided = tx.state === 'voided';
      if (voided) count.gatewayVoids++;
      if (row.status === 'void') count.paydeskVoids++;
      if (
        tx.captured_amount !== captured ||
        tx.refunded_amount !== refunded ||
        Number(row.refunds_sum) !== refunded ||
        voided !== (row.status === 'void')
      ) {
        count.mismatches++;
        log(
          `   MISMATCH payment ${id}: gateway ${tx.state}, captured ${tx.captured_amount} refunded ${tx.refunded_amount}; Paydesk ${row.status}, captured ${captured} refunded ${refunded} (succeeded refunds ${row.refunds_sum})`,
        );
        await explain(ctx.db, id);
      }
    },
  );
  return count;
}

const held = (m: MoneyCount) => m.mismatches === 0 && m.unsettled === 0;

/** Captures the payments through the BFF, no fault: confirmed payments for the refund faults. */
async function captureClean(ctx: Context, ids: number[]): Promise<void> {
  await each(ids, 4, async (id, worker) => {
    const answer = await ctx.clients[worker]!.command(`/api/payments/${id}/capture`);
    if (answer.status !== 200 || answer.body?.status !== 'confirmed')
      log(`   capture ${id} before the fault: ${answer.status} ${JSON.stringify(answer.body)}`);
  });
}

/** A payment whose money disagrees: its gateway log and audit trail, for whoever reads the run. */
async function explain(db: PgPool, id: number): Promise<void> {
  const { rows } = await db.query(
    `SELECT to_char(created_at, 'HH24:MI:SS.MS') AS at, 'log' AS kind, action, success::text AS outcome, message, refund_id
       FROM log_entries WHERE payment_id = $1
     UNION ALL
     SELECT to_char(created_at, 'HH24:MI:SS.MS'), 'audit', action, outcome, coalesce(idempotency_key, ''), NULL
       FROM audit_events WHERE action LIKE 'payment.%' AND record_id = $1::text
     ORDER BY 1`,
    [id],
  );
  for (const r of rows)
    log(
      `      ${r.at} ${r.kind} ${r.action} ${r.outcome} ${r.message}${r.refund_id ? ` (refund ${r.refund_id})` : ''}`,
    );
}

// 1. The simulator's faults on capture, void and refund.
const FAULTS: { name: string; spec: Record<string, unknown> }[] = [
  { name: 'timeout', spec: { mode: 'timeout' } },
  { name: 'reset', spec: { mode: 'reset' } },
  { name: 'http500', spec: { mode: 'http500' } },
  { name: 'succeed_then_error', spec: { mode: 'succeed_then_error' } },
  {
    name: `latency ${TIMEOUT_MS * 2.5} ms (timeout_ms ${TIMEOUT_MS})`,
    spec: { mode: 'latency', latency_ms: TIMEOUT_MS * 2.5 },
  },
];

async function gatewayFaults(ctx: Context, methodId: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const op of ['refund', 'capture', 'void'] as const) {
    for (const f of FAULTS) {
      const ids = await seedPayments(ctx.db, ctx.simUrl, methodId, PER_FAULT);
      if (op === 'refund') await captureClean(ctx, ids);
      const tally = new Tally();
      await fault(ctx.simUrl, { ...f.spec, path: op, count: PER_FAULT });
      const answers: string[] = [];
      await each(ids, 3, async (id, worker) => {
        const answer = await tally.send(() => command(ctx.clients[worker]!, op, id, ctx.reasonId));
        const code = (answer?.body as { code?: string } | undefined)?.code;
        answers.push(answer ? `${answer.status}${code && answer.status !== 502 ? ` ${code}` : ''}` : 'no answer');
        if (answer && answer.status !== 502)
          log(`   payment ${id}: ${op} answered ${answer.status} ${JSON.stringify(answer.body)}`);
      });
      await clearFaults(ctx.simUrl);
      if (op === 'refund') lastRefundAt = Date.now();
      const statuses = [...new Set(answers)].sort().join('/');
      log(`   ${op} × ${f.name}: answers ${statuses}`);
      rows.push({
        fault: `${op}: ${f.name}`,
        runs: PER_FAULT,
        ids,
        ok: true,
        survived: false,
        fiveXx: tally.fiveXx,
        notes: [`answers ${statuses}`],
      });
    }
  }
  return rows;
}

// 2. kill -9 of the BFF while calls are at the gateway.
async function killMidCall(
  ctx: Context,
  methodId: number,
  op: 'capture' | 'refund',
  restart: () => Promise<void>,
): Promise<Row> {
  const count = 12;
  const ids = await seedPayments(ctx.db, ctx.simUrl, methodId, count);
  if (op === 'refund') await captureClean(ctx, ids);
  const tally = new Tally();
  // The calls land at the simulator after 2.5 s, within the method's 6 s timeout: the BFF is gone by then.
  await fault(ctx.simUrl, { mode: 'latency', path: op, count, latency_ms: 2500 });
  const sent = Promise.all(
    ids.map((id, i) => tally.send(() => command(ctx.clients[i % ctx.clients.length]!, op, id, ctx.reasonId))),
  );
  await sleep(1000);
  const inFlight = (await unsettled(ctx.db, ids)).length;
  process.kill(ctx.bff.pid, 'SIGKILL');
  await sent;
  await restart();
  if (op === 'refund') lastRefundAt = Date.now();
  log(`   kill -9 mid-${op}: ${inFlight} of ${count} in flight at the kill`);
  return {
    fault: `kill -9 of the BFF mid-${op}`,
    runs: count,
    ids,
    ok: inFlight > 0,
    survived: false,
    fiveXx: tally.fiveXx,
    notes: [`${inFlight} of ${count} calls in flight at the kill; the killed requests got no answer`],
  };
}

// 3. Backend terminations under load.
async function terminations(ctx: Context, methodId: number, cfg: BenchConfig): Promise<Row> {
  const preauth = await seedPayments(ctx.db, ctx.simUrl, methodId, 120);
  const toRefund = preauth.splice(0, 40);
  await captureClean(ctx, toRefund);
  const ids = [...preauth, ...toRefund];
  const tally = new Tally();
  const statuses: Record<string, number> = {};
  let going = true;
  let sent = 0;
  const list = listPath('payments', { sort: ['created_at', 'DESC'], range: [0, 24] });
  const clients = ctx.clients.slice(0, 16);
  const load = Promise.all(
    clients.map(async (client, i) => {
      for (let n = 0; going; n++) {
        let work: () => Promise<Answer>;
        if (n % 3 === 2 && i % 2 === 0 && preauth.length) {
          const id = preauth.pop()!;
          work = () => command(client, 'capture', id, ctx.reasonId);
        } else if (n % 3 === 2 && toRefund.length) {
          const id = toRefund[(n + i) % toRefund.length]!;
          work = () => command(client, 'refund', id, ctx.reasonId);
        } else if (n % 2 === 0) work = () => client.get(list);
        else work = () => client.get(`/api/payments/${ids[(n * 7 + i) % ids.length]}`);
        const answer = await tally.send(work);
        sent++;
        const key = String(answer?.status ?? 'no answer');
        statuses[key] = (statuses[key] ?? 0) + 1;
      }
    }),
  );
  const killer = pgPool(cfg.adminUrl, 1);
  let terminated = 0;
  try {
    for (let k = 0; k < 3; k++) {
      await sleep(3000);
      const { rows } = await killer.query<{ n: number }>(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS n FROM pg_stat_activity
         WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [cfg.databaseName],
      );
      terminated += Number(rows[0]!.n);
    }
    await sleep(3000);
  } finally {
    going = false;
    await load;
    await killer.end();
  }
  // Our own pool's connections were among those terminated.
  ctx.db = pgPool(cfg.databaseUrl, 4);
  const alive = (await fetch(`${ctx.bff.url}/api/health`).catch(() => undefined))?.ok === true;
  lastRefundAt = Date.now();
  const fiveHundreds = Object.entries(tally.fiveXx)
    .filter(([status]) => status !== '503')
    .reduce((sum, [, n]) => sum + n, 0);
  log(
    `   terminations: ${terminated} backends ended, ${sent} requests, answers ${JSON.stringify(statuses)}, BFF ${alive ? 'up' : 'DOWN'}`,
  );
  return {
    fault: 'pg_terminate_backend × 3 under load (16 clients)',
    runs: 3,
    ids,
    ok: alive && fiveHundreds === 0,
    survived: false,
    fiveXx: tally.fiveXx,
    notes: [
      `${terminated} backends terminated, ${sent} requests, BFF ${alive ? 'stayed up' : 'went DOWN'}`,
      `answers ${Object.entries(statuses)
        .map(([s, n]) => `${s}×${n}`)
        .join(', ')}`,
    ],
  };
}

// 4. A payment row held FOR UPDATE for 8 s.
async function heldLock(ctx: Context, methodId: number, cfg: BenchConfig): Promise<Row & { lock: LockFigures }> {
  const [id] = await seedPayments(ctx.db, ctx.simUrl, methodId, 1);
  const tally = new Tally();
  const holder = pgPool(cfg.databaseUrl, 1);
  const connection = await holder.connect();
  const health: number[] = [];
  const lists: number[] = [];
  const list = listPath('payments', { sort: ['created_at', 'DESC'], range: [0, 24] });
  let going = true;
  let commandAnswer: Answer | undefined;
  try {
    await connection.query('BEGIN');
    await connection.query('SELECT id FROM payments WHERE id = $1 FOR UPDATE', [id]);
    const started = Date.now();
    const readers = Promise.all(
      ctx.clients.slice(0, 4).map(async (client, i) => {
        while (going) {
          const answer = await tally.send(() => (i % 2 ? client.get(list) : client.get('/api/health')));
          if (answer) (i % 2 ? lists : health).push(answer.ms);
          await sleep(50);
        }
      }),
    );
    await sleep(1000);
    commandAnswer = await tally.send(() => ctx.clients[5]!.command(`/api/payments/${id}/capture`));
    await sleep(Math.max(0, 8000 - (Date.now() - started)));
    going = false;
    await readers;
  } finally {
    going = false;
    await connection.query('ROLLBACK').catch(() => undefined);
    connection.release();
    await holder.end();
  }
  const lock: LockFigures = {
    health: latency(health),
    list: latency(lists),
    commandStatus: commandAnswer?.status ?? 0,
    commandCode: (commandAnswer?.body as { code?: string } | undefined)?.code ?? '',
    commandMs: commandAnswer?.ms ?? Number.NaN,
  };
  log(
    `   held lock: health p95 ${ms(lock.health.p95)} ms (${lock.health.n}), list p95 ${ms(lock.list.p95)} ms (${lock.list.n}); the command: ${lock.commandStatus} ${lock.commandCode} in ${ms(lock.commandMs)} ms`,
  );
  return {
    fault: 'payment row held FOR UPDATE for 8 s',
    runs: 1,
    ids: [id!],
    ok: lock.commandStatus === 409 && lock.health.n > 0 && lock.list.n > 0,
    survived: false,
    fiveXx: tally.fiveXx,
    notes: [
      `health p95 ${ms(lock.health.p95)} ms (${lock.health.n} requests), list p95 ${ms(lock.list.p95)} ms (${lock.list.n}) during the hold`,
      `capture on the locked payment: ${lock.commandStatus} ${lock.commandCode} after ${ms(lock.commandMs)} ms`,
    ],
    lock,
  };
}

interface LockFigures {
  health: Latency;
  list: Latency;
  commandStatus: number;
  commandCode: string;
  commandMs: number;
}

const fiveXxCell = (f: Record<string, number>) =>
  Object.keys(f).length
    ? Object.entries(f)
        .map(([s, n]) => `${s}×${n}`)
        .join(', ')
    : '0';
const moneyCell = (m: MoneyCount) =>
  `captures ${m.gatewayCaptures} / ${m.paydeskCaptures}, refunds ${m.gatewayRefunds} / ${m.paydeskRefunds}, voids ${m.gatewayVoids} / ${m.paydeskVoids}`;

function table(rows: Row[]): string[] {
  return [
    '| fault | runs | survived (exactly once) | money moved: gateway / Paydesk | 5xx seen | notes |',
    '| --- | ---: | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.fault} | ${r.runs} | ${r.survived ? 'yes' : `**NO** (${r.money?.mismatches} mismatched, ${r.money?.unsettled} unsettled${r.ok ? '' : ', see notes'})`} | ${r.money ? moneyCell(r.money) : '—'} | ${fiveXxCell(r.fiveXx)} | ${r.notes.join('; ').replace(/\|/g, '\\|')} |`,
    ),
  ];
}

function section(rows: Row[], machine: Machine, startedAt: Date, seconds: number, payments: number): string {
  const survived = rows.filter((r) => r.survived).length;
  return [
    '<!-- fault-suite -->',
    '## Fault suite',
    '',
    `Generated by \`pnpm bench:faults\` (bench/faults.ts) on ${startedAt.toISOString()} in ${seconds.toFixed(0)} s: one BFF process and the gateway simulator process (\`apps/gateway-sim\`), ${payments} payments authorized at the simulator on their own database; sandbox methods with \`timeout_ms\` ${TIMEOUT_MS} (${KILL_TIMEOUT_MS} for the kill -9 runs), \`PAYDESK_STUCK_AFTER_SECONDS=${STUCK_AFTER_SECONDS}\`.`,
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb.toFixed(1)} GB, Node ${machine.node}, ${machine.postgres}; load average at start ${machine.loadAverage.map((l) => l.toFixed(2)).join(', ')}, at end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}.`,
    '',
    `After the faults, every payment left unknown is reconciled (\`POST /api/payments/:id/reconcile\` as an admin, once its call is past stuck and its pending refund ${REFUND_UNKNOWN_AFTER_S} s old, as Paydesk waits), then each fault's payments are checked: for every payment, the captured and refunded amounts the simulator holds (\`GET /v1/transactions/:id\`) equal Paydesk's (\`captured_amount\`, \`refunded_amount\` and its succeeded refunds), a payment is voided at the gateway exactly when Paydesk shows it void, and no operation or refund is left unknown. "Money moved" counts captured payments, ${REFUND} refunds and voids at the gateway and in Paydesk. 502 and 504 are the contract's answers for a gateway that failed or did not answer in time; "no answer" is a request whose connection ended (the killed BFF's).`,
    '',
    `**${survived} of ${rows.length} faults survived.**`,
    '',
    ...table(rows),
    '<!-- /fault-suite -->',
  ].join('\n');
}

function writeSection(text: string): void {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const current = readFileSync(file, 'utf8');
  const pattern = /<!-- fault-suite -->[\s\S]*<!-- \/fault-suite -->/;
  writeFileSync(file, pattern.test(current) ? current.replace(pattern, text) : `${current.trimEnd()}\n\n${text}\n`);
  log(`Wrote the "Fault suite" section of ${file}`);
}

async function main(): Promise<number> {
  const cfg = config();
  const machine = await describeMachine(cfg);
  const startedAt = new Date();
  process.env.PAYDESK_STUCK_AFTER_SECONDS = String(STUCK_AFTER_SECONDS);
  log(
    `Fault suite on ${cfg.databaseName}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  await recreateDatabase(cfg, cfg.databaseName);
  await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'seed', '--payments', '50'], {
    cwd: path.join(ROOT, 'apps/bff'),
    env: { DATABASE_URL: cfg.databaseUrl },
    quiet: true,
  });
  await createBenchStaff(cfg);
  const sim = await startGatewaySim(SIM_KEY);
  const db = pgPool(cfg.databaseUrl, 4);
  const reasonId = (await db.query<{ id: number }>('SELECT id FROM refund_reasons ORDER BY id LIMIT 1')).rows[0]!.id;
  const bff = await startBff(cfg.databaseUrl);
  const [admin, ...clients] = await loginClients(bff.url, 17);
  const ctx: Context = { db, simUrl: sim.url, bff, admin: admin!, clients, reasonId };
  const rows: Row[] = [];
  try {
    const fast = await method(db, `fault suite, timeout_ms ${TIMEOUT_MS}`, TIMEOUT_MS, sim.url);
    const slow = await method(db, `fault suite kill -9, timeout_ms ${KILL_TIMEOUT_MS}`, KILL_TIMEOUT_MS, sim.url);

    log('\n== 1. gateway simulator faults');
    rows.push(...(await gatewayFaults(ctx, fast)));

    log('\n== 2. kill -9 of the BFF mid-call');
    const restart = async () => {
      ctx.bff = await startBff(cfg.databaseUrl);
      const [a, ...c] = await loginClients(ctx.bff.url, 17);
      ctx.admin = a!;
      ctx.clients = c;
    };
    rows.push(await killMidCall(ctx, slow, 'capture', restart));
    rows.push(await killMidCall(ctx, slow, 'refund', restart));

    log('\n== 3. backend terminations under load');
    rows.push(await terminations(ctx, fast, cfg));

    log('\n== 4. a held row lock');
    rows.push(await heldLock(ctx, fast, cfg));

    // Paydesk asks the gateway after a pending refund once it is REFUND_UNKNOWN_AFTER_MINUTES old: then all are settled.
    const wait = lastRefundAt + (REFUND_UNKNOWN_AFTER_S + 2) * 1000 - Date.now();
    log(`\n== settling: waiting ${(Math.max(0, wait) / 1000).toFixed(0)} s, then reconciling what is unknown`);
    if (wait > 0) await sleep(wait);
    const all = rows.flatMap((r) => r.ids);
    const settleTally = new Tally();
    await reconcile(ctx, all, settleTally);
    for (const row of rows) {
      row.money = await moneyCheck(ctx, row.ids);
      row.survived = row.ok && held(row.money);
    }
    if (Object.keys(settleTally.fiveXx).length) log(`   5xx while reconciling: ${JSON.stringify(settleTally.fiveXx)}`);
  } finally {
    await ctx.bff.stop();
    sim.stop();
    await ctx.db.end().catch(() => undefined);
    await db.end().catch(() => undefined);
  }
  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  const payments = sequence;
  console.log(table(rows).join('\n'));
  writeSection(section(rows, machine, startedAt, seconds, payments));
  const broken = rows.filter((r) => !r.survived);
  // A broken invariant keeps its database for a look.
  if (!process.env.BENCH_REUSE && broken.length === 0) await dropDatabase(cfg, cfg.databaseName).catch(() => undefined);
  else log(`The database ${cfg.databaseName} is kept.`);
  if (broken.length) log(`\nInvariants broke: ${broken.map((r) => r.fault).join('; ')}`);
  return broken.length ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}
process.once('exit', killAll);

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    killAll();
    process.exit(1);
  },
);
