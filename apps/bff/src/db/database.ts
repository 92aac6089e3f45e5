import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { Kysely, type LogEvent, Migrator, PostgresDialect, type Transaction } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { CardNumberScrubPlugin } from './card-number-plugin.ts';
import { migrations } from './migrations/index.ts';
import { PreparingClient } from './prepared-statements.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type DatabaseKind = 'postgres' | 'pglite';

export interface DatabaseHandle {
  db: Db;
  kind: DatabaseKind;
  close(): Promise<void>;
  /** On PostgreSQL, each lane's pool now (for /metrics); PGlite has one connection and no pool. */
  poolStats?(): Record<Lane, PoolStats>;
}

export interface PoolStats {
  /** Connections open, of which `idle` are free; `waiting`: checkouts waiting for one; `max`: the pool's size. */
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

// int8 (count(*), sums of integers) as JS numbers; NUMERIC stays a string (pg's default), never a float.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/**
 * Time limits on PostgreSQL, so that one locked row or a dead server never holds a request for long: acquiring
 * a connection (a 503 Unavailable past it), waiting for a row lock (a 409 Busy), and any one statement.
 */
export interface DatabaseLimits {
  acquireTimeoutMs: number;
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  /** Connections of the reads lane (GET requests). */
  readPoolSize: number;
  /**
   * Connections of the capture runs' lane. Their items wait their turn for one (no acquire timeout): a run keeps
   * up to max_concurrency calls in flight, many more than it needs connections for at once.
   */
  runsPoolSize: number;
}

export const DEFAULT_LIMITS: DatabaseLimits = {
  acquireTimeoutMs: 3_000,
  lockTimeoutMs: 2_000,
  statementTimeoutMs: 15_000,
  readPoolSize: 5,
  runsPoolSize: 8,
};

export interface DatabaseOptions {
  /** A PostgreSQL connection string; without it, embedded PGlite is used. */
  databaseUrl?: string;
  /** Folder for the embedded database; undefined keeps it in memory. */
  dataDir?: string;
  /**
   * An embedded database already started (startPGlite), which the handle queries but does not own: closing the
   * handle refuses its further queries and leaves the database running.
   */
  pglite?: PGlite;
  /** Connections of the commands lane (writes, background jobs). */
  poolSize?: number;
  /** DEFAULT_LIMITS unless given; false for none (migrations, seeding: long statements on purpose). */
  limits?: Partial<DatabaseLimits> | false;
  /** Told of every statement sent (BEGIN and COMMIT included), each one round trip: for tests that count them. */
  onStatement?: (sql: string) => void;
}

/**
 * Which connections a piece of work uses. Each lane is its own pool, so that commands waiting on a locked
 * row cannot take the connections that reads need, and neither can take the one health needs.
 */
export type Lane = 'commands' | 'reads' | 'health' | 'runs';
const currentLane = new AsyncLocalStorage<Lane>();

/** Runs `work` (and everything it starts) on a lane's connections; outside any lane, work uses `commands`. */
export function inLane<T>(lane: Lane, work: () => T): T {
  return currentLane.run(lane, work);
}

/** Kysely's pool: the current lane's pg pool. */
class LanePools {
  constructor(private readonly pools: Record<Lane, pg.Pool>) {}
  connect() {
    return this.pools[currentLane.getStore() ?? 'commands'].connect();
  }
  async end() {
    await Promise.all(Object.values(this.pools).map((pool) => pool.end()));
  }
  stats(): Record<Lane, PoolStats> {
    const of = (pool: pg.Pool): PoolStats => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: pool.options.max,
    });
    return {
      commands: of(this.pools.commands),
      reads: of(this.pools.reads),
      health: of(this.pools.health),
      runs: of(this.pools.runs),
    };
  }
}

function pgPool(
  connectionString: string,
  max: number,
  limits: DatabaseLimits | false,
  { queue = false }: { queue?: boolean } = {},
): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    Client: PreparingClient,
    ...(limits && {
      connectionTimeoutMillis: queue ? 0 : limits.acquireTimeoutMs,
      lock_timeout: limits.lockTimeoutMs,
      statement_timeout: limits.statementTimeoutMs,
    }),
  });
  // An idle connection the server closed (restart, failover, pg_terminate_backend) is dropped from the pool
  // and replaced on the next checkout; without a listener, pg would crash the process over it.
  pool.on('error', () => undefined);
  return pool;
}

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  const { onStatement } = options;
  const log = onStatement
    ? (event: LogEvent) => {
        if (event.level === 'query') onStatement(event.query.sql);
      }
    : undefined;
  if (options.databaseUrl) {
    const limits = options.limits === false ? false : { ...DEFAULT_LIMITS, ...options.limits };
    const url = options.databaseUrl;
    const pools = new LanePools({
      commands: pgPool(url, options.poolSize ?? 10, limits),
      reads: pgPool(url, limits ? limits.readPoolSize : 5, limits),
      health: pgPool(url, 2, limits),
      runs: pgPool(url, limits ? limits.runsPoolSize : 8, limits, { queue: true }),
    });
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: pools }),
      plugins: [new CardNumberScrubPlugin()],
      log,
    });
    return { db, kind: 'postgres', close: () => db.destroy(), poolStats: () => pools.stats() };
  }
  const pglite = options.pglite ? borrowed(options.pglite) : startPGlite({ dataDir: options.dataDir });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), plugins: [new CardNumberScrubPlugin()], log });
  return { db, kind: 'pglite', close: () => db.destroy() };
}

/**
 * Embedded PostgreSQL: in the folder `dataDir` (created if missing), or in memory, empty or from `loadDataDir`
 * (files of PGlite's `dumpDataDir`).
 */
export function startPGlite(options: { dataDir?: string; loadDataDir?: Blob } = {}): PGlite {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // One options object: PGlite ignores the second argument when the first (the folder) is undefined.
  return new PGlite({
    ...options,
    parsers: { 20: (value: string) => Number.parseInt(value, 10) },
    extensions: PGLITE_EXTENSIONS,
  });
}

/**
 * What the Kysely dialect uses of a PGlite (`query`, and `close` when Kysely is destroyed), over one it does not
 * own: closing ends only this use of it.
 */
function borrowed(pglite: PGlite): PGlite {
  let closed = false;
  const use: Pick<PGlite, 'query' | 'close'> = {
    query: (query, params, options) => {
      if (closed) return Promise.reject(new Error('This database handle is closed.'));
      return pglite.query(query, params, options);
    },
    close: async () => {
      closed = true;
    },
  };
  return use as PGlite;
}

/** The extensions the schema uses (trigram search), which PGlite loads at start. */
export const PGLITE_EXTENSIONS = { pg_trgm };

/** Brings the schema up to date. Forward-only; refuses to run if the database is ahead of this code. */
export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
