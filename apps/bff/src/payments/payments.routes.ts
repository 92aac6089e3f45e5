import { Router } from 'express';
import type { Db } from '../db/database.ts';
import { addReadRoutes } from '../http/read-routes.ts';
import { paymentToWire } from './payment.wire.ts';
import { findPayment, listPayments, paymentListSpec } from './payments.repository.ts';

export function paymentsRouter(db: Db): Router {
  const router = Router();
  addReadRoutes(router, db, {
    spec: paymentListSpec,
    noun: 'payment',
    list: listPayments,
    find: findPayment,
    toWire: paymentToWire,
  });
  return router;
}
