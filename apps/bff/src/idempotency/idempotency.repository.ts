import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export const IDEMPOTENCY_TTL_HOURS = 24;

export interface StoredKey {
  request_hash: string;
  response_status: number | null;
  response_body: unknown;
}

/** A claim: not had (the key is held or answered), had afresh, or taken over from a request that died. */
export type Claim = { claimed: false } | { claimed: true; diedRequest?: { claimedAt: Date } };

/**
 * Claims a key for a request, in one statement, with the request's deadline. The key is free again when it
 * expired (24 hours), or when it was never answered and its request's deadline has passed (the request died
 * with its process) and this is the same request again: its row is taken over as if new, under this claim's
 * token, and the claim says when the dead request held it.
 */
export async function claimIdempotencyKey(
  db: Db,
  staffUserId: number,
  key: string,
  requestHash: string,
  claimToken: string,
  deadlineMs: number,
): Promise<Claim> {
  const lockedUntil = sql<Date>`now() + make_interval(secs => ${deadlineMs / 1000})`;
  const { rows } = await sql<{ previous_claimed_at: Date | null; died: boolean | null }>`
    WITH previous AS (
      SELECT created_at, locked_until, response_status FROM idempotency_keys
      WHERE staff_user_id = ${staffUserId} AND key = ${key}
    )
    INSERT INTO idempotency_keys (staff_user_id, key, request_hash, claim_token, locked_until)
    VALUES (${staffUserId}, ${key}, ${requestHash}, ${claimToken}, ${lockedUntil})
    ON CONFLICT (staff_user_id, key) DO UPDATE SET
      request_hash = excluded.request_hash, response_status = NULL, response_body = NULL, created_at = now(),
      completed_at = NULL, claim_token = excluded.claim_token, locked_until = excluded.locked_until
    WHERE idempotency_keys.created_at < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})
       OR (idempotency_keys.response_status IS NULL AND idempotency_keys.locked_until < now()
           AND idempotency_keys.request_hash = excluded.request_hash)
    RETURNING
      (SELECT created_at FROM previous) AS previous_claimed_at,
      (SELECT response_status IS NULL AND created_at >= now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS}) FROM previous) AS died`.execute(
    db,
  );
  const row = rows[0];
  if (!row) return { claimed: false };
  if (row.died && row.previous_claimed_at) {
    return { claimed: true, diedRequest: { claimedAt: row.previous_claimed_at } };
  }
  return { claimed: true };
}

/**
 * Whether a request of this staff member that died after `from` (when it claimed its key) may have started
 * work that moves money: a refund or refund approval made since (by it, or on the safe side by another request
 * of the same person), or an audit event under its key (a command that finished but was not answered). An operation it left in flight on a payment is refused by the command's own checks.
 */
export async function workStartedSince(db: Db, staffUserId: number, key: string, from: Date) {
  const { rows } = await sql<{ started: boolean }>`
    SELECT EXISTS (SELECT 1 FROM refunds WHERE staff_user_id = ${staffUserId} AND created_at >= ${from})
        OR EXISTS (SELECT 1 FROM refund_approvals WHERE requested_by = ${staffUserId} AND created_at >= ${from})
        OR EXISTS (
          SELECT 1 FROM audit_events
          WHERE created_at >= ${from} AND staff_user_id = ${staffUserId} AND idempotency_key = ${key}
        ) AS started`.execute(db);
  return rows[0]?.started === true;
}

export function findIdempotencyKey(db: Db, staffUserId: number, key: string): Promise<StoredKey | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response_status', 'response_body'])
    .where('staff_user_id', '=', staffUserId)
    .where('key', '=', key)
    .executeTakeFirst();
}

/** Keeps a request's answer, if its claim still holds the key. */
export async function completeIdempotencyKey(
  db: Db,
  staffUserId: number,
  key: string,
  claimToken: string,
  status: number,
  body: unknown,
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ response_status: status, response_body: JSON.stringify(body ?? null), completed_at: new Date() })
    .where('staff_user_id', '=', staffUserId)
    .where('key', '=', key)
    .where('claim_token', '=', claimToken)
    .execute();
}

/** Frees a key whose request answered "try again" (Busy, Unavailable): the retry runs it afresh. */
export async function releaseIdempotencyKey(
  db: Db,
  staffUserId: number,
  key: string,
  claimToken: string,
): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('staff_user_id', '=', staffUserId)
    .where('key', '=', key)
    .where('claim_token', '=', claimToken)
    .where('response_status', 'is', null)
    .execute();
}

export async function deleteExpiredIdempotencyKeys(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
