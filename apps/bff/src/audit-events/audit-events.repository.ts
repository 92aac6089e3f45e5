import type { Db } from '../db/database.ts';
import { paginate, readInChunks, type Page } from '../db/paginate.ts';
import type { AuditEventRow } from '../db/schema.ts';
import type { ListQuery, ListSpec } from '../http/list-query.ts';

export interface NewAuditEvent {
  staff_user_id: number | null;
  action: string;
  outcome: 'succeeded' | 'refused' | 'denied' | 'failed';
  resource?: string | null;
  record_id?: string | null;
  amount?: string | null;
  currency?: string | null;
  reason?: string | null;
  note?: string | null;
  idempotency_key?: string | null;
  ip?: string | null;
  user_agent?: string | null;
}

export const auditEventListSpec: ListSpec = {
  resource: 'audit-events',
  sortable: {
    id: 'id',
    created_at: 'created_at',
    action: 'action',
    outcome: 'outcome',
    staff_user_id: 'staff_user_id',
  },
  defaultSort: ['created_at', 'DESC'],
  filters: {
    id: { type: 'integer', column: 'id' },
    staff_user_id: { type: 'integer', column: 'staff_user_id' },
    action: { type: 'text', column: 'action' },
    resource: { type: 'text', column: 'resource' },
    record_id: { type: 'text', column: 'record_id' },
    outcome: { type: 'text', column: 'outcome', values: ['succeeded', 'refused', 'denied', 'failed'] },
    created_at_gte: { type: 'date', column: 'created_at', op: '>=' },
    created_at_lte: { type: 'date', column: 'created_at', op: '<=' },
  },
  tieBreaker: 'id',
};

/** Append-only: there is no update or delete here, and the database refuses both. */
export async function recordAuditEvent(db: Db, event: NewAuditEvent): Promise<void> {
  await db.insertInto('audit_events').values(event).execute();
}

export function listAuditEvents(db: Db, query: ListQuery): Promise<Page<AuditEventRow>> {
  return paginate(db, db.selectFrom('audit_events').selectAll(), query, 'id');
}

/** Every audit event the list query matches, in its order, `chunkSize` at a time (exports). */
export function auditEventsInChunks(db: Db, query: ListQuery, chunkSize: number): AsyncIterable<AuditEventRow[]> {
  return readInChunks(db.selectFrom('audit_events').selectAll(), query, 'id', chunkSize);
}

export function findAuditEvent(db: Db, id: number): Promise<AuditEventRow | undefined> {
  return db.selectFrom('audit_events').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A payment's audit events, newest first (for its timeline). */
export function listPaymentAuditEvents(
  db: Db,
  paymentId: number,
  limit = 200,
): Promise<(AuditEventRow & { staff_name: string | null })[]> {
  return db
    .selectFrom('audit_events')
    .leftJoin('staff_users', 'staff_users.id', 'audit_events.staff_user_id')
    .selectAll('audit_events')
    .select('staff_users.full_name as staff_name')
    .where('audit_events.resource', '=', 'payments')
    .where('audit_events.record_id', '=', String(paymentId))
    .orderBy('audit_events.created_at', 'desc')
    .orderBy('audit_events.id', 'desc')
    .limit(limit)
    .execute();
}
