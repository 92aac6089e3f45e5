import { formatAmount } from '@paydesk/domain';
import { Router } from 'express';
import type { Db } from '../db/database.ts';
import type { RefundRow } from '../db/schema.ts';
import { addReadRoutes } from '../http/read-routes.ts';
import { findRefund, listRefunds, refundListSpec } from './refunds.repository.ts';

export function refundToWire(row: RefundRow) {
  return { ...row, amount: formatAmount(row.amount, row.currency) };
}

export function refundsRouter(db: Db): Router {
  const router = Router();
  addReadRoutes(router, db, {
    spec: refundListSpec,
    noun: 'refund',
    list: listRefunds,
    find: findRefund,
    toWire: refundToWire,
  });
  return router;
}
