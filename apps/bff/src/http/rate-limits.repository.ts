import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export interface HitCount {
  hits: number;
  reset_at: Date;
}

/**
 * Counts one hit for a caller, in one statement (safe on several instances at once): a caller without a
 * window, or whose window has ended, starts a new one of `windowMs` with this hit; otherwise the hit is
 * added to the window it is in. The database's clock decides, the same for every instance.
 */
export async function countHit(db: Db, key: string, windowMs: number): Promise<HitCount> {
  const resetAt = sql<Date>`now() + make_interval(secs => ${windowMs / 1000})`;
  const { rows } = await sql<HitCount>`
    INSERT INTO rate_limit_hits (key, hits, reset_at) VALUES (${key}, 1, ${resetAt})
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN rate_limit_hits.reset_at <= now() THEN 1 ELSE rate_limit_hits.hits + 1 END,
      reset_at = CASE WHEN rate_limit_hits.reset_at <= now() THEN excluded.reset_at ELSE rate_limit_hits.reset_at END
    RETURNING hits, reset_at
  `.execute(db);
  const [row] = rows;
  return { hits: Number(row!.hits), reset_at: new Date(row!.reset_at) };
}

/** A caller's hits in its current window, if it has one. */
export async function findHitCount(db: Db, key: string): Promise<HitCount | undefined> {
  return db
    .selectFrom('rate_limit_hits')
    .select(['hits', 'reset_at'])
    .where('key', '=', key)
    .where('reset_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/** Takes back one hit of a caller's current window. */
export async function uncountHit(db: Db, key: string): Promise<void> {
  await db
    .updateTable('rate_limit_hits')
    .set((eb) => ({ hits: eb('hits', '-', 1) }))
    .where('key', '=', key)
    .where('hits', '>', 0)
    .where('reset_at', '>', sql<Date>`now()`)
    .execute();
}

export async function deleteHitCount(db: Db, key: string): Promise<void> {
  await db.deleteFrom('rate_limit_hits').where('key', '=', key).execute();
}

/** Windows that have ended (their callers start afresh anyway). */
export async function deleteExpiredHitCounts(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('rate_limit_hits').where('reset_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
