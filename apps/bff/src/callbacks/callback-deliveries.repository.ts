import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { enqueueJob } from '../jobs/jobs.repository.ts';
import { paginate, type Page } from '../db/paginate.ts';
import type { CallbackDeliveryRow } from '../db/schema.ts';
import type { ListQuery, ListSpec } from '../http/list-query.ts';

export type DeliveryWithTransaction = CallbackDeliveryRow & {
  token: string;
  payment_id: number;
  currency: string;
  signing_secret: string;
};

export const deliveryListSpec: ListSpec = {
  resource: 'callback-deliveries',
  sortable: {
    id: 'callback_deliveries.id',
    created_at: 'callback_deliveries.created_at',
    status: 'callback_deliveries.status',
    attempts: 'callback_deliveries.attempts',
  },
  defaultSort: ['created_at', 'DESC'],
  filters: {
    id: { type: 'integer', column: 'callback_deliveries.id' },
    transaction_id: { type: 'integer', column: 'callback_deliveries.transaction_id' },
    payment_id: { type: 'integer', column: 'transactions.payment_id' },
    status: { type: 'text', column: 'callback_deliveries.status', values: ['pending', 'delivered', 'failed'] },
    failing: {
      type: 'choice',
      values: ['true'],
      condition: () => (eb) =>
        eb.and([eb('callback_deliveries.status', '<>', 'delivered'), eb('callback_deliveries.attempts', '>', 0)]),
    },
    created_at_gte: { type: 'date', column: 'callback_deliveries.created_at', op: '>=' },
    created_at_lte: { type: 'date', column: 'callback_deliveries.created_at', op: '<=' },
  },
  tieBreaker: 'callback_deliveries.id',
};

function selectDeliveries(db: Db) {
  return db
    .selectFrom('callback_deliveries')
    .innerJoin('transactions', 'transactions.id', 'callback_deliveries.transaction_id')
    .innerJoin('api_keys', 'api_keys.id', 'transactions.api_key_id')
    .selectAll('callback_deliveries')
    .select(['transactions.token', 'transactions.payment_id', 'transactions.currency', 'api_keys.signing_secret']);
}

export function listDeliveries(db: Db, query: ListQuery): Promise<Page<DeliveryWithTransaction>> {
  return paginate(db, selectDeliveries(db), query, 'callback_deliveries.id');
}

export function findDelivery(db: Db, id: number): Promise<DeliveryWithTransaction | undefined> {
  return selectDeliveries(db).where('callback_deliveries.id', '=', id).executeTakeFirst();
}

export async function recordAttempt(
  db: Db,
  deliveryId: number,
  attempt: { response_code: number | null; error: string | null; duration_ms: number },
  outcome: { status: 'pending' | 'delivered' | 'failed'; next_attempt_at: Date | null },
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('callback_attempts')
      .values({ delivery_id: deliveryId, ...attempt })
      .execute();
    await tx
      .updateTable('callback_deliveries')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        last_response_code: attempt.response_code,
        last_error: attempt.error,
        status: outcome.status,
        next_attempt_at: outcome.next_attempt_at,
        delivered_at: outcome.status === 'delivered' ? new Date() : null,
      }))
      .where('id', '=', deliveryId)
      .execute();
  });
}

export async function markDeliveryPending(db: Db, id: number): Promise<void> {
  await db
    .updateTable('callback_deliveries')
    .set({ status: 'pending', next_attempt_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export const attemptListSpec: ListSpec = {
  resource: 'callback-attempts',
  sortable: { id: 'id', created_at: 'created_at' },
  defaultSort: ['created_at', 'DESC'],
  filters: { id: { type: 'integer', column: 'id' }, delivery_id: { type: 'integer', column: 'delivery_id' } },
  tieBreaker: 'id',
};

export function listAttempts(db: Db, query: ListQuery) {
  return paginate(db, db.selectFrom('callback_attempts').selectAll(), query, 'id');
}

export function findAttempt(db: Db, id: number) {
  return db.selectFrom('callback_attempts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Deliveries delivered more than `days` ago, and their attempts. */
export async function deleteOldDeliveries(db: Db, days: number): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const old = tx
      .selectFrom('callback_deliveries')
      .select('id')
      .where('status', '=', 'delivered')
      .where('delivered_at', '<', sql<Date>`now() - make_interval(days => ${days})`);
    await tx.deleteFrom('callback_attempts').where('delivery_id', 'in', old).execute();
    const result = await tx.deleteFrom('callback_deliveries').where('id', 'in', old).executeTakeFirst();
    return Number(result.numDeletedRows);
  });
}

/** Writes a delivery and its job in the caller's transaction: the outbox, so none is lost and none invented. */
export async function enqueueDelivery(
  tx: Tx,
  delivery: { transaction_id: number; payment_status: string; url: string; payload: Record<string, unknown> },
): Promise<void> {
  const row = await tx
    .insertInto('callback_deliveries')
    .values({ ...delivery, payload: JSON.stringify(delivery.payload), next_attempt_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueueJob(tx, 'callback', { delivery_id: row.id });
}
