import { formatAmount } from '@paydesk/domain';
import { Router } from 'express';
import type { Db } from '../db/database.ts';
import type { RefundRow } from '../db/schema.ts';
import { addReadRoutes } from '../http/read-routes.ts';
import type { CsvColumns } from '../http/csv-export.ts';
import { findRefund, listRefunds, refundListSpec, refundsInChunks } from './refunds.repository.ts';

export function refundToWire(row: RefundRow) {
  return {
    id: row.id,
    payment_id: row.payment_id,
    amount: formatAmount(row.amount, row.currency),
    currency: row.currency,
    reason_id: row.reason_id,
    note: row.note,
    status: row.status,
    transaction_id: row.transaction_id,
    staff_user_id: row.staff_user_id,
    created_at: row.created_at,
    updated_at: row.updated_at,
    gateway_deadline: row.gateway_deadline,
  };
}

/** The refunds export's columns (`GET /api/refunds/export.csv`). */
export const REFUND_CSV_COLUMNS: CsvColumns = {
  id: 'number',
  created_at: 'time',
  payment_id: 'number',
  status: 'text',
  currency: 'text',
  amount: 'amount',
  reason_id: 'number',
  note: 'text',
  transaction_id: 'text',
  staff_user_id: 'number',
  updated_at: 'time',
};

export function refundsRouter(db: Db): Router {
  const router = Router();
  addReadRoutes(router, db, {
    spec: refundListSpec,
    noun: 'refund',
    list: listRefunds,
    find: findRefund,
    toWire: refundToWire,
    csv: { columns: REFUND_CSV_COLUMNS, read: refundsInChunks },
  });
  return router;
}
