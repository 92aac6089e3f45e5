import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { StaffUserRow } from '../db/schema.ts';
import type { HitCount } from '../http/rate-limits.repository.ts';
import {
  deleteSession,
  findSession,
  findSessionCountingHit,
  insertSession,
  type SessionHit,
  touchSession,
  type SessionWithUser,
} from './sessions.repository.ts';

export const SESSION_COOKIE = 'paydesk_session';
/** A session ends after 30 minutes without a request, and 12 hours after login whatever happens. */
export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_LIFETIME_MS = 12 * 60 * 60_000;
/** last_seen_at is written at most this often, so reads stay reads. */
const TOUCH_INTERVAL_MS = 60_000;

/** Only a hash of the token is stored: a leaked table gives no session away. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

export async function startSession(
  db: Db,
  user: StaffUserRow,
  now = new Date(),
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now.getTime() + ABSOLUTE_LIFETIME_MS);
  await insertSession(db, {
    token_hash: hashToken(token),
    staff_user_id: user.id,
    csrf_token: csrfToken,
    expires_at: expiresAt,
  });
  return { token, csrfToken, expiresAt };
}

/**
 * The live session for a cookie's token, or undefined (and an expired one is removed). With `hit`, its staff
 * member's rate-limit hit is counted in the same round trip (returned as `hit`, when the session is live).
 */
export async function resumeSession(
  db: Db,
  token: string,
  now = new Date(),
  hit?: Omit<SessionHit, 'idleMs'>,
): Promise<(SessionWithUser & { hit?: HitCount }) | undefined> {
  const tokenHash = hashToken(token);
  const session = hit
    ? await findSessionCountingHit(db, tokenHash, { ...hit, idleMs: IDLE_TIMEOUT_MS })
    : await findSession(db, tokenHash);
  if (!session) return undefined;
  const idle = now.getTime() - session.last_seen_at.getTime() > IDLE_TIMEOUT_MS;
  if (idle || session.expires_at <= now || !session.user.active) {
    await deleteSession(db, tokenHash);
    return undefined;
  }
  if (now.getTime() - session.last_seen_at.getTime() > TOUCH_INTERVAL_MS) await touchSession(db, tokenHash, now);
  return session;
}

export async function endSession(db: Db, token: string): Promise<void> {
  await deleteSession(db, hashToken(token));
}
