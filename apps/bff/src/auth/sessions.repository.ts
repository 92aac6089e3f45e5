import type { Db } from '../db/database.ts';
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
