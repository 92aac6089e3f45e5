import { formatAmount } from '@paydesk/domain';
import { Router } from 'express';
import type { Db } from '../db/database.ts';
import type { AuditEventRow } from '../db/schema.ts';
import { addReadRoutes } from '../http/read-routes.ts';
import { auditEventListSpec, findAuditEvent, listAuditEvents } from './audit-events.repository.ts';

export function auditEventToWire(row: AuditEventRow) {
  return {
    ...row,
    amount: row.amount !== null && row.currency ? formatAmount(row.amount, row.currency) : row.amount,
  };
}

export function auditEventsRouter(db: Db): Router {
  const router = Router();
  addReadRoutes(router, db, {
    spec: auditEventListSpec,
    noun: 'audit event',
    list: listAuditEvents,
    find: findAuditEvent,
    toWire: auditEventToWire,
  });
  return router;
}
