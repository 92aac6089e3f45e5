import { formatAmount } from '@paydesk/domain';
import { Router } from 'express';
import type { Db } from '../db/database.ts';
import type { LogEntryRow } from '../db/schema.ts';
import { addReadRoutes } from '../http/read-routes.ts';
import { findLogEntry, listLogEntries, logEntryListSpec } from './log-entries.repository.ts';

export function logEntryToWire(row: LogEntryRow) {
  return { ...row, amount: row.amount === null ? null : formatAmount(row.amount, row.currency) };
}

export function logEntriesRouter(db: Db): Router {
  const router = Router();
  addReadRoutes(router, db, {
    spec: logEntryListSpec,
    noun: 'log entry',
    list: listLogEntries,
    find: findLogEntry,
    toWire: logEntryToWire,
  });
  return router;
}
