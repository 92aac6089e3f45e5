import { GATEWAY_ACTIONS } from '@paydesk/domain';
import type { Insertable } from 'kysely';
import type { NewAuditEvent } from '../audit-events/audit-events.repository.ts';
import type { Db, Tx } from '../db/database.ts';
import { paginate, readInChunks, type Page } from '../db/paginate.ts';
import type { LogEntriesTable, LogEntryRow } from '../db/schema.ts';
import { orderPaymentUpdate, type OrderPaymentWrite } from '../orders/orders.repository.ts';
import { likeContaining, type Condition, type ListQuery, type ListSpec } from '../http/list-query.ts';

/** Trigrams need three characters: a shorter text matches the authorization only. */
const MESSAGE_SEARCH_MIN = 3;

/** Free text: the authorization (exact) or any part of the message, case aside (a trigram index, migration 0096). */
function logEntrySearch(q: string): Condition {
  return (eb) =>
    eb.or([
      eb('authorization', '=', q),
      ...(q.length >= MESSAGE_SEARCH_MIN ? [eb('message', 'ilike', likeContaining(q))] : []),
    ]);
}

export const logEntryListSpec: ListSpec = {
  resource: 'log-entries',
  sortable: {
    id: 'id',
    created_at: 'created_at',
    action: 'action',
    success: 'success',
    amount: 'amount',
    payment_id: 'payment_id',
    payment_method_id: 'payment_method_id',
    duration_ms: 'duration_ms',
  },
  defaultSort: ['created_at', 'DESC'],
  filters: {
    id: { type: 'integer', column: 'id' },
    q: { type: 'search', condition: logEntrySearch },
    payment_id: { type: 'integer', column: 'payment_id' },
    refund_id: { type: 'integer', column: 'refund_id' },
    payment_method_id: { type: 'integer', column: 'payment_method_id' },
    action: { type: 'text', column: 'action', values: GATEWAY_ACTIONS },
    success: { type: 'boolean', column: 'success' },
    unapplied: { type: 'boolean', column: 'unapplied' },
    error_code: { type: 'text', column: 'error_code' },
    created_at_gte: { type: 'date', column: 'created_at', op: '>=' },
    created_at_lte: { type: 'date', column: 'created_at', op: '<=' },
  },
  tieBreaker: 'id',
};

export function listLogEntries(db: Db, query: ListQuery): Promise<Page<LogEntryRow>> {
  return paginate(db, db.selectFrom('log_entries').selectAll(), query, 'id');
}

/** Every log entry the list query matches, in its order, `chunkSize` at a time (exports). */
export function logEntriesInChunks(db: Db, query: ListQuery, chunkSize: number): AsyncIterable<LogEntryRow[]> {
  return readInChunks(db.selectFrom('log_entries').selectAll(), query, 'id', chunkSize);
}

export function findLogEntry(db: Db, id: number): Promise<LogEntryRow | undefined> {
  return db.selectFrom('log_entries').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * A log entry, and with it — in the same statement, one round trip — the audit event of the command it
 * answers and its order's new payment state, if given.
 */
export async function insertLogEntry(
  db: Db | Tx,
  entry: Insertable<LogEntriesTable>,
  audit?: NewAuditEvent,
  order?: OrderPaymentWrite,
): Promise<void> {
  if (!audit && !order) {
    await db.insertInto('log_entries').values(entry).execute();
    return;
  }
  const withAudit = audit
    ? db.with('audit', (w) => w.insertInto('audit_events').values(audit).returning('id'))
    : undefined;
  const withOrder = order
    ? (withAudit ?? db).with('order_payment', (w) => orderPaymentUpdate(w as Tx, order).returning('id'))
    : withAudit!;
  await withOrder.insertInto('log_entries').values(entry).execute();
}

/** A payment's log entries, newest first (for its timeline). */
export function listPaymentLogEntries(db: Db, paymentId: number, limit = 200): Promise<LogEntryRow[]> {
  return db
    .selectFrom('log_entries')
    .selectAll()
    .where('payment_id', '=', paymentId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
