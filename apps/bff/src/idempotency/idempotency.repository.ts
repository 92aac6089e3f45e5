import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export const IDEMPOTENCY_TTL_HOURS = 24;

export interface StoredKey {
  request_hash: string;
  response_status: number | null;
  response_body: unknown;
}

/** Claims a key for its first request; false when the key was already claimed (within 24 hours). */
export async function claimIdempotencyKey(db: Db, staffUserId: number, key: string, requestHash: string): Promise<boolean> {
  // An expired key is free again.
  await db
    .deleteFrom('idempotency_keys')
    .where('staff_user_id', '=', staffUserId)
    .where('key', '=', key)
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`)
    .execute();
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({ staff_user_id: staffUserId, key, request_hash: requestHash })
    .onConflict((oc) => oc.columns(['staff_user_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}

export function findIdempotencyKey(db: Db, staffUserId: number, key: string): Promise<StoredKey | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response_status', 'response_body'])
    .where('staff_user_id', '=', staffUserId)
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function completeIdempotencyKey(db: Db, staffUserId: number, key: string, status: number, body: unknown): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ response_status: status, response_body: JSON.stringify(body ?? null), completed_at: new Date() })
    .where('staff_user_id', '=', staffUserId)
    .where('key', '=', key)
    .execute();
}

export async function deleteExpiredIdempotencyKeys(db: Db): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('created_at', '<', sql<Date>`now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`).execute();
}
