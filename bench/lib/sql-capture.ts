import { findSession } from '../../apps/bff/src/auth/sessions.repository.ts';
import { hashToken } from '../../apps/bff/src/auth/sessions.ts';
import type { Database } from '../../apps/bff/src/db/schema.ts';
import type { Db } from '../../apps/bff/src/db/database.ts';
import { kysely, pgPool, type PgPool } from './deps.ts';

export interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

/**
 * What the BFF's repositories send to PostgreSQL for one call: a Kysely over the bench database (the BFF's own
 * Kysely and dialect) that records every compiled statement, so the bench can run the very same SQL through
 * pg directly and EXPLAIN it.
 */
export class SqlCapture {
  private readonly pool: PgPool;
  readonly db: Db;
  private recorded: Statement[] = [];

  constructor(databaseUrl: string) {
    this.pool = pgPool(databaseUrl, 4);
    this.db = new kysely.Kysely<Database>({
      dialect: new kysely.PostgresDialect({ pool: this.pool as never }),
      log: (event) => {
        if (event.level === 'query') this.recorded.push({ sql: event.query.sql, parameters: event.query.parameters });
      },
    }) as unknown as Db;
  }

  /** Runs `call` once and returns the statements it sent, in the order they finished. */
  async capture(call: (db: Db) => Promise<unknown>): Promise<Statement[]> {
    this.recorded = [];
    await call(this.db);
    const statements = this.recorded;
    this.recorded = [];
    return statements;
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/** paginate() runs a page and its count at the same time: statements of the count lane (the estimate, the capped count). */
const COUNT_LANE = /^(explain|select count\(\*\))/i;

/**
 * Runs captured statements through pg as the BFF ran them: `first` one after another (the session lookup that
 * precedes every request's own statements), then the page and the count lanes at once (two connections), each
 * lane's statements in order. Returns the time taken in ms.
 */
export async function replay(
  pool: PgPool,
  statements: readonly Statement[],
  first: readonly Statement[] = [],
): Promise<number> {
  const started = performance.now();
  const lane = async (list: readonly Statement[]) => {
    for (const s of list) await pool.query(s.sql, s.parameters as unknown[]);
  };
  await lane(first);
  await Promise.all([
    lane(statements.filter((s) => !COUNT_LANE.test(s.sql))),
    lane(statements.filter((s) => COUNT_LANE.test(s.sql))),
  ]);
  return performance.now() - started;
}

/** Captures a call's statements once per key, then hands the same statements back. */
export function memoized<K>(
  capture: SqlCapture,
  call: (db: Db, key: K) => Promise<unknown>,
): (key: K) => Promise<Statement[]> {
  const cache = new Map<string, Statement[]>();
  return async (key) => {
    const id = JSON.stringify(key);
    let statements = cache.get(id);
    if (!statements) {
      statements = await capture.capture((db) => call(db, key));
      cache.set(id, statements);
    }
    return statements;
  };
}

/** The statement that finds a client's session: the BFF sends it before every request's own statements. */
export function sessionLookup(capture: SqlCapture): (cookie: string) => Promise<Statement[]> {
  return memoized(capture, (db, cookie: string) => findSession(db, hashToken(cookie.slice(cookie.indexOf('=') + 1))));
}
