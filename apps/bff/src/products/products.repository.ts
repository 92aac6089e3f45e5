import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { paginate, type Page } from '../db/paginate.ts';
import type { ProductRow } from '../db/schema.ts';
import { likePrefix, type ListQuery, type ListSpec } from '../http/list-query.ts';

export const productListSpec: ListSpec = {
  resource: 'products',
  sortable: {
    id: 'id',
    name: 'name',
    price: 'price',
    currency: 'currency',
    active: 'active',
    created_at: 'created_at',
  },
  defaultSort: ['name', 'ASC'],
  filters: {
    id: { type: 'integer', column: 'id' },
    active: { type: 'boolean', column: 'active' },
    currency: { type: 'text', column: 'currency' },
    q: { type: 'search', condition: (q) => (eb) => eb(sql`lower(name)`, 'like', likePrefix(q.toLowerCase())) },
  },
  tieBreaker: 'id',
};

export type ProductInput = Pick<ProductRow, 'name' | 'price' | 'currency' | 'active'>;

export function listProducts(db: Db, query: ListQuery): Promise<Page<ProductRow>> {
  return paginate(db, db.selectFrom('products').selectAll(), query, 'id');
}

export function findProduct(db: Db, id: number): Promise<ProductRow | undefined> {
  return db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertProduct(db: Db, input: ProductInput): Promise<ProductRow> {
  return db.insertInto('products').values(input).returningAll().executeTakeFirstOrThrow();
}

export function updateProduct(db: Db, id: number, input: ProductInput): Promise<ProductRow | undefined> {
  return db
    .updateTable('products')
    .set({ ...input, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function productHasTransactions(db: Db, id: number): Promise<boolean> {
  return (
    (await db.selectFrom('transactions').select('id').where('product_id', '=', id).limit(1).executeTakeFirst()) !==
    undefined
  );
}

export function deleteProduct(db: Db, id: number): Promise<ProductRow | undefined> {
  return db.deleteFrom('products').where('id', '=', id).returningAll().executeTakeFirst();
}
