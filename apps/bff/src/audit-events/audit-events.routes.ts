import { formatAmount } from '@paydesk/domain';
import { Router } from 'express';
import type { Db } from '../db/database.ts';
import type { AuditEventRow } from '../db/schema.ts';
import { addReadRoutes } from '../http/read-routes.ts';
import type { CsvColumns } from '../http/csv-export.ts';
import { auditEventListSpec, auditEventsInChunks, findAuditEvent, listAuditEvents } from './audit-events.repository.ts';

export function auditEventToWire(row: AuditEventRow) {
  return {
    ...row,
    amount: row.amount !== null && row.currency ? formatAmount(row.amount, row.currency) : row.amount,
  };
}

/**
 * An audit event as a payment's timeline shows it to staff who may not read the audit log: who did what and
 * when, and with how much — not their note or reason, address, browser or idempotency key.
 */
export function auditEventSummary(row: AuditEventRow & { staff_name: string | null }) {
  const wire = auditEventToWire(row);
  return {
    id: wire.id,
    staff_user_id: wire.staff_user_id,
    staff_name: row.staff_name,
    action: wire.action,
    resource: wire.resource,
    record_id: wire.record_id,
    outcome: wire.outcome,
    amount: wire.amount,
    currency: wire.currency,
    reason: null,
    note: null,
    created_at: wire.created_at,
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
