import { readFileSync } from 'node:fs';
import os from 'node:os';
import { BFF_DIR, type BenchConfig } from './config.ts';
import { pgPool, type PgPool } from './deps.ts';
import { BENCH_EMAIL, BENCH_PASSWORD } from './http.ts';
import { run } from './processes.ts';

export async function withAdmin<T>(config: BenchConfig, work: (admin: PgPool) => Promise<T>): Promise<T> {
  const admin = pgPool(config.adminUrl, 1);
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

export async function dropDatabase(config: BenchConfig, name: string): Promise<void> {
  await withAdmin(config, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

export async function recreateDatabase(config: BenchConfig, name: string): Promise<void> {
  await withAdmin(config, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  });
}

/** The BFF's CLI, as `pnpm seed` / `pnpm paydesk` run it, against the bench database. */
function cli(config: BenchConfig, args: string[], env: NodeJS.ProcessEnv = {}) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: BFF_DIR,
    env: { DATABASE_URL: config.databaseUrl, ...env },
  });
}

async function paymentCount(config: BenchConfig): Promise<number | undefined> {
  const db = pgPool(config.databaseUrl, 1);
  try {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM payments');
    return rows[0]!.n;
  } catch {
    return undefined;
  } finally {
    await db.end();
  }
}

export interface PreparedDatabase {
  reused: boolean;
  seedSeconds?: number;
  rows: { payments: number; orders: number; log_entries: number; refunds: number };
  /** Indexes on payments: each non-HOT update (a status change) writes to all of them. */
  paymentIndexes: number;
}

/**
 * A fresh database with BENCH_PAYMENTS payments (`pnpm seed --payments N`, set-based), or — with BENCH_REUSE=1 —
 * the one already there when it holds at least that many. Then VACUUM ANALYZE, as autovacuum would do after a
 * bulk load (planner statistics, and the visibility map that index-only scans need), and a CHECKPOINT.
 */
export async function prepareDatabase(config: BenchConfig): Promise<PreparedDatabase> {
  const existing = config.reuse ? await paymentCount(config).catch(() => undefined) : undefined;
  let reused = existing !== undefined && existing >= config.payments;
  let seedSeconds: number | undefined;
  if (reused) {
    console.error(`Reusing ${config.databaseName}: it holds ${existing} payments.`);
    // The CLI migrates first: a new migration (an index) is applied here. A database the migrations no longer
    // match (one renamed since it was made) is seeded afresh.
    try {
      await createBenchStaff(config);
    } catch (error) {
      console.error(
        `Cannot reuse ${config.databaseName}: ${/Error: Migration.*/.exec((error as Error).message)?.[0] ?? 'its migrations fail'}.`,
      );
      reused = false;
    }
  }
  if (!reused) {
    if (config.reuse && existing !== undefined && existing < config.payments) {
      console.error(
        `BENCH_REUSE=1, but ${config.databaseName} holds ${existing} payments, not ${config.payments}: seeding it afresh.`,
      );
    }
    await recreateDatabase(config, config.databaseName);
    const started = Date.now();
    console.error(`Seeding ${config.payments} payments into ${config.databaseName} (about 2.5 min per million)...`);
    await cli(config, ['seed', '--payments', String(config.payments)]);
    await addStatusLookups(config);
    seedSeconds = (Date.now() - started) / 1000;
    await createBenchStaff(config);
  }
  const db = pgPool(config.databaseUrl, 1);
  try {
    console.error('VACUUM ANALYZE, CHECKPOINT...');
    await db.query('VACUUM (ANALYZE)');
    // The seed's gigabytes of WAL would otherwise be flushed by checkpoints during the first benchmarks.
    await db.query('CHECKPOINT').catch((error) => console.error(`CHECKPOINT skipped: ${(error as Error).message}`));
    const { rows } = await db.query<PreparedDatabase['rows']>(
      `SELECT (SELECT count(*) FROM payments) AS payments, (SELECT count(*) FROM orders) AS orders,
              (SELECT count(*) FROM log_entries) AS log_entries, (SELECT count(*) FROM refunds) AS refunds`,
    );
    const indexes = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'payments'`,
    );
    return { reused, seedSeconds, rows: rows[0]!, paymentIndexes: Number(indexes.rows[0]!.n) };
  } finally {
    await db.end();
  }
}

/**
 * The demo seed writes the gateway calls that made each payment what it is (about 1.15 log entries a
 * payment); the bench wants about three, as a shop's gateway log holds. Every payment that reached a gateway
 * gets two or three status lookups (`retrieve`, as the reconciler writes them), an hour apart after it was
 * made. They are not authorize/purchase attempts, so the spike monitoring's figures stay as seeded.
 */
async function addStatusLookups(config: BenchConfig): Promise<void> {
  const db = pgPool(config.databaseUrl, 1);
  try {
    console.error('Adding status lookups to the log entries (about three entries a payment)...');
    await db.query(`
      INSERT INTO log_entries (payment_id, payment_method_id, action, success, currency, message, params, duration_ms, created_at)
      SELECT p.id, p.payment_method_id, 'retrieve', true, p.currency, 'Status retrieved: ' || p.status,
             jsonb_build_object('action', 'retrieve', 'status', p.status), 80 + p.id % 150,
             least(now(), p.created_at + n * interval '1 hour')
      FROM payments AS p
      CROSS JOIN LATERAL generate_series(1, CASE WHEN p.id % 4 = 0 THEN 3 ELSE 2 END) AS n
      WHERE EXISTS (SELECT 1 FROM log_entries AS l WHERE l.payment_id = p.id)
      ORDER BY p.id, n`);
  } finally {
    await db.end();
  }
}

/** The bench's admin account (`pnpm paydesk staff:create`), created or reset. */
export async function createBenchStaff(config: BenchConfig): Promise<void> {
  await cli(config, ['staff:create', '--email', BENCH_EMAIL, '--role', 'admin', '--name', 'Bench Admin'], {
    PAYDESK_STAFF_PASSWORD: BENCH_PASSWORD,
  });
}

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
  postgres: string;
  postgresSettings: Record<string, string>;
  loadAverage: number[];
}

export async function describeMachine(config: BenchConfig): Promise<Machine> {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpuModel = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpuModel;
  } catch {
    // not Linux
  }
  const admin = pgPool(config.adminUrl, 1);
  try {
    const version = (await admin.query<{ v: string }>('SELECT version() AS v')).rows[0]!.v;
    const settings = await admin.query<{ name: string; setting: string }>(
      `SELECT name, current_setting(name) AS setting FROM pg_settings
       WHERE name IN ('shared_buffers', 'work_mem', 'max_connections', 'synchronous_commit', 'effective_cache_size', 'random_page_cost', 'jit')
       ORDER BY name`,
    );
    return {
      cpuModel,
      cores: os.availableParallelism(),
      memoryGb: os.totalmem() / 1024 ** 3,
      node: process.version,
      postgres: version.replace(/ on .*/, ''),
      postgresSettings: Object.fromEntries(settings.rows.map((r) => [r.name, r.setting])),
      loadAverage: os.loadavg(),
    };
  } finally {
    await admin.end();
  }
}
