import { formatAmount } from '@paydesk/domain';
import { Router } from 'express';
import type { OrderRow } from '../db/schema.ts';
import { addReadRoutes } from '../http/read-routes.ts';
import type { CommandDeps } from '../payments/payment-commands.ts';
import { staffPaymentsRouter } from '../staff-payments/staff-payments.routes.ts';
import { findOrder, listOrders, orderListSpec } from './orders.repository.ts';

export function orderToWire(row: OrderRow) {
  const money = (value: string) => formatAmount(value, row.currency);
  return {
    ...row,
    item_total: money(row.item_total),
    shipment_total: money(row.shipment_total),
    tax_total: money(row.tax_total),
    total: money(row.total),
    payment_total: money(row.payment_total),
  };
}

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
  });
  return router;
}
