import { formatAmount } from '@paydesk/domain';
import { Router } from 'express';
import type { OrderRow } from '../db/schema.ts';
import { addReadRoutes } from '../http/read-routes.ts';
import type { CommandDeps } from '../payments/payment-commands.ts';
import { staffPaymentsRouter } from '../staff-payments/staff-payments.routes.ts';
import type { CsvColumns } from '../http/csv-export.ts';
import { findOrder, listOrders, orderListSpec, ordersInChunks } from './orders.repository.ts';

export function orderToWire(row: OrderRow) {
  const money = (value: string) => formatAmount(value, row.currency);
  return {
    id: row.id,
    number: row.number,
    email: row.email,
    currency: row.currency,
    state: row.state,
    payment_state: row.payment_state,
    completed_at: row.completed_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
    item_total: money(row.item_total),
    shipment_total: money(row.shipment_total),
    tax_total: money(row.tax_total),
    total: money(row.total),
    payment_total: money(row.payment_total),
  };
}

/** The orders export's columns (`GET /api/orders/export.csv`). */
export const ORDER_CSV_COLUMNS: CsvColumns = {
  id: 'number',
  number: 'text',
  created_at: 'time',
  completed_at: 'time',
  email: 'text',
  state: 'text',
  payment_state: 'text',
  currency: 'text',
  item_total: 'amount',
  shipment_total: 'amount',
  tax_total: 'amount',
  total: 'amount',
  payment_total: 'amount',
};

export function ordersRouter(deps: CommandDeps): Router {
  const { db } = deps;
  const router = Router();
  router.use(staffPaymentsRouter(deps));
  addReadRoutes(router, db, {
    spec: orderListSpec,
    noun: 'order',
    list: listOrders,
    find: findOrder,
    toWire: orderToWire,
    csv: { columns: ORDER_CSV_COLUMNS, read: ordersInChunks },
  });
  return router;
}
