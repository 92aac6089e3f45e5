import type { AuditEvent, AuditEventSummary } from '@paydesk/contract';
import { formatAmount } from '@paydesk/domain';
import { Router } from 'express';
import type { Db } from '../db/database.ts';
import type { AuditEventRow } from '../db/schema.ts';
import { addReadRoutes } from '../http/read-routes.ts';
import type { CsvColumns } from '../http/csv-export.ts';
import { auditEventListSpec, auditEventsInChunks, findAuditEvent, listAuditEvents } from './audit-events.repository.ts';

/** The amount in its currency's minor unit (as stored when the event names no currency). */
function auditAmount(row: AuditEventRow): string | null {
  return row.amount !== null && row.currency ? formatAmount(row.amount, row.currency) : row.amount;
}

/** An audit event as the contract's AuditEvent has it (product.md's Audit): each field picked. */
export function auditEventToWire(row: AuditEventRow): AuditEvent;
/** With the staff member's name when the row carries it (a payment's timeline). */
export function auditEventToWire(row: AuditEventRow & { staff_name: string | null }): AuditEvent & {
  staff_name: string | null;
};
export function auditEventToWire(row: AuditEventRow & { staff_name?: string | null }) {
  const event: AuditEvent = {
    id: row.id,
    staff_user_id: row.staff_user_id,
    action: row.action,
    resource: row.resource,
    record_id: row.record_id,
    outcome: row.outcome,
    amount: auditAmount(row),
    currency: row.currency,
    reason: row.reason,
    note: row.note,
    idempotency_key: row.idempotency_key,
    ip: row.ip,
    user_agent: row.user_agent,
    created_at: row.created_at.toISOString(),
  };
  return row.staff_name === undefined ? event : { ...event, staff_name: row.staff_name };
}

/**
 * An audit event as a payment's timeline shows it to staff who may not read the audit log: who did what and
 * when, and with how much — not their note or reason, address, browser or idempotency key.
 */
export function auditEventSummary(row: AuditEventRow & { staff_name: string | null }): AuditEventSummary {
  const { id, staff_user_id, action, resource, record_id, outcome, amount, currency, created_at } =
    auditEventToWire(row);
  const { staff_name } = row;
  return {
    id,
    staff_user_id,
    staff_name,
    action,
    resource,
    record_id,
    outcome,
    amount,
    currency,
    created_at,
    reason: null,
    note: null,
  };
}

/** The audit log export's columns (`GET /api/audit-events/export.csv`). */
export const AUDIT_EVENT_CSV_COLUMNS: CsvColumns = {
  id: 'number',
  created_at: 'time',
  staff_user_id: 'number',
  action: 'text',
  resource: 'text',
  record_id: 'text',
  outcome: 'text',
  currency: 'text',
  amount: 'amount',
  reason: 'text',
  note: 'text',
  idempotency_key: 'text',
  ip: 'text',
  user_agent: 'text',
};

export function auditEventsRouter(db: Db): Router {
  const router = Router();
  addReadRoutes(router, db, {
    spec: auditEventListSpec,
    noun: 'audit event',
    list: listAuditEvents,
    find: findAuditEvent,
    toWire: auditEventToWire,
    csv: { columns: AUDIT_EVENT_CSV_COLUMNS, read: auditEventsInChunks },
  });
  return router;
}
