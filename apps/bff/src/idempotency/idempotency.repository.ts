import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export const IDEMPOTENCY_TTL_HOURS = 24;

export interface StoredKey {
  request_hash: string;
  response_status: number | null;
  response_body: unknown;
}

/**
 * Claims a key for its first request, in one statement; false when the key was already claimed within 24
 * hours. An expired key is free again: its row is taken over as if new.
 */
export async function claimIdempotencyKey(
  db: Db,
  staffUserId: number,
  key: string,
  requestHash: string,
): Promise<boolean> {
  const claimed = await db
    .insertInto('idempotency_keys')
    .values({ staff_user_id: staffUserId, key, request_hash: requestHash })
    .onConflict((oc) =>
      oc
        .columns(['staff_user_id', 'key'])
        .doUpdateSet({
          request_hash: requestHash,
          response_status: null,
          response_body: null,
          created_at: sql<Date>`now()`,
          completed_at: null,
        })
        .where('idempotency_keys.created_at', '<', sql<Date>`now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`),
    )
    .returning('key')
    .executeTakeFirst();
  return claimed !== undefined;
}

export function findIdempotencyKey(db: Db, staffUserId: number, key: string): Promise<StoredKey | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response_status', 'response_body'])
    .where('staff_user_id', '=', staffUserId)
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function completeIdempotencyKey(
  db: Db,
  staffUserId: number,
  key: string,
  status: number,
  body: unknown,
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ response_status: status, response_body: JSON.stringify(body ?? null), completed_at: new Date() })
    .where('staff_user_id', '=', staffUserId)
    .where('key', '=', key)
    .execute();
}

export async function deleteExpiredIdempotencyKeys(db: Db): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`)
    .execute();
}
