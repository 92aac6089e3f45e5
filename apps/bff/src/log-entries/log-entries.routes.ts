import type { LogEntry } from '@paydesk/contract';
import { formatAmount } from '@paydesk/domain';
import { Router } from 'express';
import type { Db } from '../db/database.ts';
import type { LogEntryRow } from '../db/schema.ts';
import { addReadRoutes } from '../http/read-routes.ts';
import type { CsvColumns } from '../http/csv-export.ts';
import { findLogEntry, listLogEntries, logEntriesInChunks, logEntryListSpec } from './log-entries.repository.ts';

/** A log entry as the contract's LogEntry has it: each field picked, the amount in its currency's minor unit. */
export function logEntryToWire(row: LogEntryRow): LogEntry {
  return {
    id: row.id,
    payment_id: row.payment_id,
    refund_id: row.refund_id,
    payment_method_id: row.payment_method_id,
    action: row.action,
    success: row.success,
    amount: row.amount === null ? null : formatAmount(row.amount, row.currency),
    currency: row.currency,
    message: row.message,
    authorization: row.authorization,
    error_code: row.error_code,
    avs_result: row.avs_result,
    cvv_result: row.cvv_result,
    params: row.params,
    duration_ms: row.duration_ms,
    unapplied: row.unapplied,
    created_at: row.created_at.toISOString(),
  };
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
