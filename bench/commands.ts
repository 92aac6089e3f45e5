import { pgPool, type PgPool } from './lib/deps.ts';
import type { Answer, Client } from './lib/http.ts';
import { cpuMeter, type CpuUse } from './lib/cpu.ts';
import { sampleRss, type RssSummary } from './lib/processes.ts';
import { latency, type Latency } from './lib/stats.ts';

/**
 * Benchmarks 3, 4 and 7: captures and refunds per second over HTTP, 16 clients each with its own session,
 * every request as the console sends it (CSRF token, Idempotency-Key). The bogus gateway answers at once, so
 * this measures Paydesk and PostgreSQL. Afterwards the database is checked: no money moved twice.
 */

export interface LoadResult {
  /** Successful commands per second in the measured window (after the warm-up). */
  perSecond: number;
  ok: number;
  /** Non-2xx answers by "status code" in the measured window. */
  failures: Record<string, number>;
  seconds: number;
  latency: Latency;
  rss: RssSummary[];
  /** CPU in cores during the measured window: the BFF(s), PostgreSQL, the bench's clients, the machine. */
  cpu?: CpuUse;
  /** Transactions committed in the benchmark database per successful command (pg_stat_database). */
  commitsPerCommand?: number;
  /** Payments that could still be used when the run started, and whether the run used them all up. */
  pool: number;
  exhausted: boolean;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

interface LoadOptions<J> {
  /** One worker per client; each works through the shared queue. */
  clients: Client[];
  jobs: J[];
  durationS: number;
  warmupS: number;
  send(client: Client, job: J): Promise<Answer>;
  /** BFF processes whose RSS is sampled during the measured window. */
  pids: number[];
  /** Called with each job and its answer (e.g. to remember what to check). */
  done?(job: J, answer: Answer): void;
  /** The benchmark database, for its commit counter. */
  db?: PgPool;
}

/** Commits so far in the database `db` is connected to (statistics lag by up to a second). */
async function commits(db: PgPool): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(rows[0]!.n);
}

async function runLoad<J>({
  clients,
  jobs,
  durationS,
  warmupS,
  send,
  pids,
  done,
  db,
}: LoadOptions<J>): Promise<LoadResult & { leftover: J[] }> {
  const pool = jobs.length;
  const queue = [...jobs].reverse();
  const start = performance.now();
  const measureFrom = start + warmupS * 1000;
  const end = measureFrom + durationS * 1000;
  let exhausted = false;
  let lastDone = measureFrom;
  const times: number[] = [];
  const failures: Record<string, number> = {};
  let ok = 0;
  let samplers: ReturnType<typeof sampleRss>[] = [];
  let meter: ReturnType<typeof cpuMeter> | undefined;
  let cpu: CpuUse | undefined;
  let commitsAtStart: Promise<number> | undefined;
  let commitsAtEnd: Promise<number> | undefined;
  const rssTimer = setTimeout(() => {
    samplers = pids.map((pid) => sampleRss(pid));
    meter = cpuMeter(pids);
    commitsAtStart = db && commits(db);
  }, warmupS * 1000);
  const cpuTimer = setTimeout(
    () => {
      cpu = meter?.stop();
      commitsAtEnd = db && commits(db);
    },
    (warmupS + durationS) * 1000,
  );

  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < end) {
        const job = queue.pop();
        if (job === undefined) {
          exhausted = true;
          return;
        }
        const answer = await send(client, job);
        done?.(job, answer);
        const now = performance.now();
        if (now < measureFrom || now > end) continue;
        lastDone = now;
        times.push(answer.ms);
        if (answer.status >= 200 && answer.status < 300) ok++;
        else {
          const key = `${answer.status} ${answer.body?.code ?? ''}`.trim();
          failures[key] = (failures[key] ?? 0) + 1;
        }
      }
    }),
  );
  clearTimeout(rssTimer);
  clearTimeout(cpuTimer);
  cpu ??= meter?.stop();
  commitsAtEnd ??= db && commitsAtStart && commits(db);
  const committed = commitsAtStart && commitsAtEnd ? (await commitsAtEnd) - (await commitsAtStart) : undefined;
  const rss = samplers.map((s) => s.stop()).filter((s): s is RssSummary => s !== undefined);
  const seconds = ((exhausted ? lastDone : end) - measureFrom) / 1000;
  const leftover = queue.reverse();
  const commitsPerCommand = committed !== undefined && ok > 0 ? committed / ok : undefined;
  return {
    perSecond: seconds > 0 ? ok / seconds : 0,
    ok,
    failures,
    seconds,
    latency: latency(times),
    rss,
    cpu,
    commitsPerCommand,
    pool,
    exhausted,
    leftover,
  };
}

/** Preauthorized card payments the bogus gateway will capture: not under fraud review, amount not ending …02/…05. */
async function capturablePayments(db: PgPool): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(`
    SELECT p.id FROM payments p JOIN payment_methods m ON m.id = p.payment_method_id
    WHERE p.status = 'preauth' AND p.fraud_status NOT IN ('review', 'reject') AND p.operation IS NULL AND m.type = 'bogus'
      AND (CASE WHEN p.currency = 'JPY' THEN p.total ELSE p.total * 100 END)::bigint % 100 NOT IN (2, 5)
    ORDER BY p.id`);
  return rows.map((r) => r.id);
}

export interface CaptureRun {
  load: LoadResult;
  race: RaceResult;
  checks: Check[];
}

export interface RaceResult {
  payments: number;
  /** Payments where exactly one of the two simultaneous captures succeeded and the other was refused. */
  exactlyOne: number;
  anomalies: string[];
}

/** Payment ids captured so far, shared by the runs so that none is used twice. */
export class CapturePool {
  private ids: number[] = [];
  private loaded = false;
  constructor(private readonly databaseUrl: string) {}
  async take(count?: number): Promise<number[]> {
    if (!this.loaded) {
      const db = pgPool(this.databaseUrl, 1);
      try {
        this.ids = await capturablePayments(db);
      } finally {
        await db.end();
      }
      this.loaded = true;
    }
    return this.ids.splice(0, count ?? this.ids.length);
  }
  giveBack(ids: number[]) {
    this.ids.unshift(...ids);
  }
}

/**
 * Captures for BENCH_DURATION_S with the clients spread over the BFF instances, then a race: pairs of
 * clients (on different instances when there are two) capture the same payment at the same moment — exactly
 * one may succeed. Then the exactly-once checks.
 */
export async function benchCapture(options: {
  databaseUrl: string;
  clients: Client[];
  pids: number[];
  pool: CapturePool;
  durationS: number;
  warmupS: number;
  racePairs?: number;
}): Promise<CaptureRun> {
  const db = pgPool(options.databaseUrl, 2);
  try {
    const racers = await options.pool.take(options.racePairs ?? 64);
    const jobs = await options.pool.take();
    const captured: number[] = [];
    const { leftover, ...load } = await runLoad({
      clients: options.clients,
      jobs,
      durationS: options.durationS,
      warmupS: options.warmupS,
      pids: options.pids,
      db,
      send: (client, id) => client.command(`/api/payments/${id}/capture`),
      done: (id, answer) => {
        if (answer.status === 200) captured.push(id);
      },
    });
    // Not reached: back to the pool for the next run.
    options.pool.giveBack(leftover);

    const race = await raceCaptures(options.clients, racers);
    const checks = await captureChecks(db, [...captured, ...racers]);
    return { load, race, checks };
  } finally {
    await db.end();
  }
}

async function raceCaptures(clients: Client[], ids: number[]): Promise<RaceResult> {
  const anomalies: string[] = [];
  let exactlyOne = 0;
  const half = Math.floor(clients.length / 2);
  // Clients i and i + half: on two instances, they are on different ones (see main.ts).
  await Promise.all(
    Array.from({ length: half }, async (_, lane) => {
      for (let k = lane; k < ids.length; k += half) {
        const id = ids[k]!;
        const answers = await Promise.all([
          clients[lane]!.command(`/api/payments/${id}/capture`),
          clients[lane + half]!.command(`/api/payments/${id}/capture`),
        ]);
        const statuses = answers.map((a) => a.status).sort();
        if (statuses[0] === 200 && statuses[1] === 409) exactlyOne++;
        else anomalies.push(`payment ${id}: ${statuses.join(' and ')}`);
      }
    }),
  );
  return { payments: ids.length, exactlyOne, anomalies };
}

/** No money moved twice: one capture log entry per captured payment, captured ≤ total, refunds ≤ captured. */
async function captureChecks(db: PgPool, ids: number[]): Promise<Check[]> {
  const { rows: wrong } = await db.query<{
    id: number;
    status: string;
    captures: number;
    captured_amount: string;
    total: string;
  }>(
    `SELECT p.id, p.status, p.captured_amount, p.total,
            (SELECT count(*) FROM log_entries l WHERE l.payment_id = p.id AND l.action = 'capture') AS captures
     FROM payments p WHERE p.id = ANY($1)
       AND (p.status <> 'confirmed' OR p.captured_amount <> p.total
            OR (SELECT count(*) FROM log_entries l WHERE l.payment_id = p.id AND l.action = 'capture') <> 1)`,
    [ids],
  );
  const { rows: twice } = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM (SELECT payment_id FROM log_entries WHERE action = 'capture' AND success
                                GROUP BY payment_id HAVING count(*) > 1) AS t`,
  );
  return [
    {
      name: 'each captured payment: confirmed, captured = total, exactly one capture log entry',
      ok: wrong.length === 0,
      detail:
        wrong.length === 0
          ? `${ids.length} payments`
          : `${wrong.length} of ${ids.length} wrong, e.g. ${JSON.stringify(wrong.slice(0, 3))}`,
    },
    {
      name: 'no payment anywhere has two successful capture log entries',
      ok: twice[0]!.n === 0,
      detail: `${twice[0]!.n} found`,
    },
    ...(await moneyChecks(db)),
  ];
}

export async function moneyChecks(db: PgPool): Promise<Check[]> {
  const { rows } = await db.query<{ over_total: number; over_captured: number; refunds_over: number }>(`
    SELECT (SELECT count(*) FROM payments WHERE captured_amount > total) AS over_total,
           (SELECT count(*) FROM payments WHERE refunded_amount > captured_amount) AS over_captured,
           (SELECT count(*) FROM payments p
              JOIN (SELECT payment_id, sum(amount) AS s FROM refunds WHERE status = 'succeeded' GROUP BY payment_id) r ON r.payment_id = p.id
              WHERE r.s > p.captured_amount) AS refunds_over`);
  const r = rows[0]!;
  return [
    { name: 'captured_amount ≤ total everywhere', ok: r.over_total === 0, detail: `${r.over_total} payments over` },
    {
      name: 'refunded_amount ≤ captured_amount everywhere',
      ok: r.over_captured === 0,
      detail: `${r.over_captured} payments over`,
    },
    {
      name: 'succeeded refunds never sum above what was captured',
      ok: r.refunds_over === 0,
      detail: `${r.refunds_over} payments over`,
    },
  ];
}

export interface RefundRun {
  load: LoadResult;
  checks: Check[];
}

/**
 * The floor under the command benchmarks: GET /api/health (Express, one `SELECT 1`, no session, no commit)
 * with the same clients and timing. No command, which needs a dozen round trips to PostgreSQL and commits,
 * can go faster than this request does on the same machine.
 */
export async function benchHealthThroughput(options: {
  clients: Client[];
  pids: number[];
  durationS: number;
  warmupS: number;
}): Promise<LoadResult> {
  const { leftover: _, ...load } = await runLoad({
    clients: options.clients,
    // More requests than the run can send: 20,000 a second would be four times what it reaches.
    jobs: Array.from({ length: (options.warmupS + options.durationS) * 20_000 }, () => 0),
    durationS: options.durationS,
    warmupS: options.warmupS,
    pids: options.pids,
    send: (client) => client.get('/api/health'),
  });
  return load;
}

/** Refunds of 1.00 (JPY 100: the bogus gateway approves amounts ending …00), one per confirmed card payment. */
export async function benchRefund(options: {
  databaseUrl: string;
  clients: Client[];
  pids: number[];
  durationS: number;
  warmupS: number;
}): Promise<RefundRun> {
  const db = pgPool(options.databaseUrl, 2);
  try {
    const reason = (await db.query<{ id: number }>('SELECT id FROM refund_reasons WHERE active ORDER BY id LIMIT 1'))
      .rows[0];
    if (!reason) throw new Error('No active refund reason.');
    const { rows: candidates } = await db.query<{ id: number; currency: string; refunded_amount: string }>(`
      SELECT p.id, p.currency, p.refunded_amount FROM payments p JOIN payment_methods m ON m.id = p.payment_method_id
      WHERE p.status = 'confirmed' AND p.operation IS NULL AND m.type = 'bogus'
        AND p.captured_amount - p.refunded_amount >= CASE WHEN p.currency = 'JPY' THEN 100 ELSE 1 END
        AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id AND r.status = 'pending')
        AND NOT EXISTS (SELECT 1 FROM refund_approvals a WHERE a.payment_id = p.id AND a.status = 'pending')
      ORDER BY p.id DESC LIMIT 200000`);
    const startedAt = (await db.query<{ now: Date }>('SELECT now() AS now')).rows[0]!.now;
    const refunded: typeof candidates = [];
    const { leftover: _, ...load } = await runLoad({
      clients: options.clients,
      jobs: candidates,
      durationS: options.durationS,
      warmupS: options.warmupS,
      pids: options.pids,
      db,
      send: (client, p) =>
        client.command(`/api/payments/${p.id}/refund`, {
          amount: p.currency === 'JPY' ? '100' : '1.00',
          reason_id: reason.id,
          note: 'bench',
        }),
      done: (p, answer) => {
        if (answer.status === 200) refunded.push(p);
      },
    });
    const { rows: wrong } = await db.query<{ id: number }>(
      `SELECT p.id FROM payments p JOIN unnest($1::int[], $2::numeric[]) AS b(id, before) ON b.id = p.id
       WHERE p.refunded_amount <> b.before + CASE WHEN p.currency = 'JPY' THEN 100 ELSE 1 END
          OR (SELECT count(*) FROM refunds r WHERE r.payment_id = p.id AND r.created_at >= $3) <> 1
          OR (SELECT count(*) FROM log_entries l WHERE l.payment_id = p.id AND l.action = 'refund' AND l.created_at >= $3) <> 1`,
      [refunded.map((p) => p.id), refunded.map((p) => p.refunded_amount), startedAt],
    );
    const checks: Check[] = [
      {
        name: 'each refunded payment: refunded_amount up by exactly the refund, one refund row, one refund log entry',
        ok: wrong.length === 0,
        detail:
          wrong.length === 0
            ? `${refunded.length} payments`
            : `${wrong.length} of ${refunded.length} wrong, e.g. ${wrong
                .slice(0, 5)
                .map((w) => w.id)
                .join(', ')}`,
      },
      ...(await moneyChecks(db)),
    ];
    return { load, checks };
  } finally {
    await db.end();
  }
}
