import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { HitCount } from '../http/rate-limits.repository.ts';
import type { StaffUserRow } from '../db/schema.ts';

export interface SessionWithUser {
  token_hash: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  user: StaffUserRow;
}

export async function insertSession(
  db: Db,
  session: { token_hash: string; staff_user_id: number; csrf_token: string; expires_at: Date },
): Promise<void> {
  await db.insertInto('staff_sessions').values(session).execute();
}

export async function findSession(db: Db, tokenHash: string): Promise<SessionWithUser | undefined> {
  const row = await db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.staff_user_id')
    .selectAll('u')
    .select(['s.token_hash', 's.csrf_token', 's.created_at as session_created_at', 's.last_seen_at', 's.expires_at'])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const { token_hash, csrf_token, session_created_at, last_seen_at, expires_at, ...user } = row;
  return { token_hash, csrf_token, created_at: session_created_at, last_seen_at, expires_at, user };
}

/** A rate-limit hit to count with a session's lookup, for its staff member, if the session is live. */
export interface SessionHit {
  /** The hit's key is this followed by the staff member's id. */
  keyPrefix: string;
  windowMs: number;
  /** A session idle for longer than this has ended (it counts no hit). */
  idleMs: number;
}

/**
 * The session, and — in the same statement, one round trip — its staff member's rate-limit hit, counted as
 * `countHit` counts it, only if the session is live (active user, not expired, not idle) by the database's clock.
 */
export async function findSessionCountingHit(
  db: Db,
  tokenHash: string,
  hit: SessionHit,
): Promise<(SessionWithUser & { hit?: HitCount }) | undefined> {
  const live = sql`u.active AND s.expires_at > now() AND s.last_seen_at >= now() - make_interval(secs => ${hit.idleMs / 1000})`;
  const { rows } = await sql<
    StaffUserRow & {
      token_hash: string;
      csrf_token: string;
      session_created_at: Date;
      last_seen_at: Date;
      expires_at: Date;
      session_live: boolean;
      hit_hits: number | null;
      hit_reset_at: Date | null;
    }
  >`
    WITH found AS (
      SELECT u.*, s.token_hash, s.csrf_token, s.created_at AS session_created_at, s.last_seen_at, s.expires_at,
        ${live} AS session_live
      FROM staff_sessions s JOIN staff_users u ON u.id = s.staff_user_id
      WHERE s.token_hash = ${tokenHash}
    ),
    hit AS (
      INSERT INTO rate_limit_hits (key, hits, reset_at)
      SELECT ${hit.keyPrefix}::text || found.id, 1, now() + make_interval(secs => ${hit.windowMs / 1000})
      FROM found WHERE found.session_live
      ON CONFLICT (key) DO UPDATE SET
        hits = CASE WHEN rate_limit_hits.reset_at <= now() THEN 1 ELSE rate_limit_hits.hits + 1 END,
        reset_at = CASE WHEN rate_limit_hits.reset_at <= now() THEN excluded.reset_at ELSE rate_limit_hits.reset_at END
      RETURNING hits, reset_at
    )
    SELECT found.*, hit.hits AS hit_hits, hit.reset_at AS hit_reset_at FROM found LEFT JOIN hit ON true`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const {
    token_hash,
    csrf_token,
    session_created_at,
    last_seen_at,
    expires_at,
    session_live: _live,
    hit_hits,
    hit_reset_at,
    ...user
  } = row;
  return {
    token_hash,
    csrf_token,
    created_at: session_created_at,
    last_seen_at,
    expires_at,
    user,
    ...(hit_hits === null || hit_hits === undefined
      ? {}
      : { hit: { hits: Number(hit_hits), reset_at: new Date(hit_reset_at!) } }),
  };
}

export async function touchSession(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db.updateTable('staff_sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('token_hash', '=', tokenHash).execute();
}

/** Sessions past their absolute end, or idle since before `idleSince`. */
export async function deleteExpiredSessions(db: Db, now: Date, idleSince: Date): Promise<number> {
  const result = await db
    .deleteFrom('staff_sessions')
    .where((eb) => eb.or([eb('expires_at', '<', now), eb('last_seen_at', '<', idleSince)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Ends every session of a staff member (deactivated, or their password reset). */
export async function deleteSessionsOf(db: Db, staffUserId: number, exceptTokenHash?: string): Promise<void> {
  let query = db.deleteFrom('staff_sessions').where('staff_user_id', '=', staffUserId);
  if (exceptTokenHash) query = query.where('token_hash', '<>', exceptTokenHash);
  await query.execute();
}
