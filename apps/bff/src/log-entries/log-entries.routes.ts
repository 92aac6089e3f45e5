import { formatAmount } from '@paydesk/domain';
import { Router } from 'express';
import type { Db } from '../db/database.ts';
import type { LogEntryRow } from '../db/schema.ts';
import { addReadRoutes } from '../http/read-routes.ts';
import type { CsvColumns } from '../http/csv-export.ts';
import { findLogEntry, listLogEntries, logEntriesInChunks, logEntryListSpec } from './log-entries.repository.ts';

export function logEntryToWire(row: LogEntryRow) {
  return { ...row, amount: row.amount === null ? null : formatAmount(row.amount, row.currency) };
}

/** The log entries export's columns (`GET /api/log-entries/export.csv`); `params` is the scrubbed response. */
export const LOG_ENTRY_CSV_COLUMNS: CsvColumns = {
  id: 'number',
  created_at: 'time',
  payment_id: 'number',
  refund_id: 'number',
  payment_method_id: 'number',
  action: 'text',
  success: 'boolean',
  currency: 'text',
  amount: 'amount',
  message: 'text',
  authorization: 'text',
  error_code: 'text',
  avs_result: 'text',
  cvv_result: 'text',
  duration_ms: 'number',
  unapplied: 'boolean',
  params: 'json',
};

export function logEntriesRouter(db: Db): Router {
  const router = Router();
  addReadRoutes(router, db, {
    spec: logEntryListSpec,
    noun: 'log entry',
    list: listLogEntries,
    find: findLogEntry,
    toWire: logEntryToWire,
    csv: { columns: LOG_ENTRY_CSV_COLUMNS, read: logEntriesInChunks },
  });
  return router;
}
