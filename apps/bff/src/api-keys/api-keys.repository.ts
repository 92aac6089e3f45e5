import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { paginate, type Page } from '../db/paginate.ts';
import type { ApiKeyRow } from '../db/schema.ts';
import type { ListQuery, ListSpec } from '../http/list-query.ts';

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

export const apiKeyListSpec: ListSpec = {
  resource: 'api-keys',
  sortable: {
    id: 'id',
    name: 'name',
    created_at: 'created_at',
    revoked_at: 'revoked_at',
    last_used_at: 'last_used_at',
  },
  defaultSort: ['created_at', 'DESC'],
  filters: {
    id: { type: 'integer', column: 'id' },
    revoked: {
      type: 'choice',
      values: ['true', 'false'],
      condition: (value) => (eb) => eb('revoked_at', value === 'true' ? 'is not' : 'is', null),
    },
  },
  tieBreaker: 'id',
};

export function listApiKeys(db: Db, query: ListQuery): Promise<Page<ApiKeyRow>> {
  return paginate(db, db.selectFrom('api_keys').selectAll(), query, 'id');
}

export function findApiKey(db: Db, id: number): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertApiKey(
  db: Db,
  key: Pick<ApiKeyRow, 'name' | 'key_prefix' | 'key_hash' | 'signing_secret' | 'created_by'>,
): Promise<ApiKeyRow> {
  return db.insertInto('api_keys').values(key).returningAll().executeTakeFirstOrThrow();
}

export function revokeApiKey(db: Db, id: number): Promise<ApiKeyRow | undefined> {
  return db
    .updateTable('api_keys')
    .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** The live key a storefront presents, by its hash; its use is noted. */
export async function findLiveApiKey(db: Db, key: string): Promise<ApiKeyRow | undefined> {
  return db
    .updateTable('api_keys')
    .set({ last_used_at: new Date() })
    .where('key_hash', '=', hashApiKey(key))
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}
