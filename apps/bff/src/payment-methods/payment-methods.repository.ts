import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { paginate, type Page } from '../db/paginate.ts';
import type { PaymentMethodRow } from '../db/schema.ts';
import { likePrefix, type ListQuery, type ListSpec } from '../http/list-query.ts';

export const paymentMethodListSpec: ListSpec = {
  resource: 'payment-methods',
  sortable: {
    id: 'id',
    name: 'name',
    type: 'type',
    active: 'active',
    created_at: 'created_at',
    updated_at: 'updated_at',
  },
  defaultSort: ['name', 'ASC'],
  filters: {
    id: { type: 'integer', column: 'id' },
    type: { type: 'text', column: 'type' },
    active: { type: 'boolean', column: 'active' },
    available_to_users: { type: 'boolean', column: 'available_to_users' },
    available_to_admin: { type: 'boolean', column: 'available_to_admin' },
    q: { type: 'search', condition: (q) => (eb) => eb(sql`lower(name)`, 'like', likePrefix(q.toLowerCase())) },
  },
  tieBreaker: 'id',
};

export interface PaymentMethodInput {
  type: string;
  name: string;
  description: string;
  active: boolean;
  available_to_users: boolean;
  available_to_admin: boolean;
  auto_capture: boolean | null;
  preferences: Record<string, unknown>;
}

export function listPaymentMethods(db: Db, query: ListQuery): Promise<Page<PaymentMethodRow>> {
  return paginate(db, db.selectFrom('payment_methods').selectAll(), query, 'id');
}

export function findPaymentMethod(db: Db, id: number): Promise<PaymentMethodRow | undefined> {
  return db.selectFrom('payment_methods').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertPaymentMethod(db: Db, input: PaymentMethodInput): Promise<PaymentMethodRow> {
  return db
    .insertInto('payment_methods')
    .values({ ...input, preferences: JSON.stringify(input.preferences) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updatePaymentMethod(
  db: Db,
  id: number,
  input: PaymentMethodInput,
): Promise<PaymentMethodRow | undefined> {
  return db
    .updateTable('payment_methods')
    .set({ ...input, preferences: JSON.stringify(input.preferences), updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function paymentMethodHasPayments(db: Db, id: number): Promise<boolean> {
  const row = await db
    .selectFrom('payments')
    .select('id')
    .where('payment_method_id', '=', id)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export function deletePaymentMethod(db: Db, id: number): Promise<PaymentMethodRow | undefined> {
  return db.deleteFrom('payment_methods').where('id', '=', id).returningAll().executeTakeFirst();
}

/** A database with no payment method has never been set up (the first start of an embedded one). */
export async function hasAnyPaymentMethod(db: Db): Promise<boolean> {
  return (await db.selectFrom('payment_methods').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** Every method's stored preferences, for sealing their secrets again (start-up). */
export function listPaymentMethodPreferences(db: Db): Promise<Pick<PaymentMethodRow, 'id' | 'preferences'>[]> {
  return db.selectFrom('payment_methods').select(['id', 'preferences']).orderBy('id').execute();
}

/** Replaces a method's preferences only if they are still `expected`: a concurrent edit wins. */
export async function replacePaymentMethodPreferences(
  db: Db,
  id: number,
  expected: Record<string, unknown>,
  preferences: Record<string, unknown>,
): Promise<boolean> {
  const result = await db
    .updateTable('payment_methods')
    .set({ preferences: JSON.stringify(preferences) })
    .where('id', '=', id)
    .where(sql<boolean>`preferences = ${JSON.stringify(expected)}::jsonb`)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
