import { Router } from 'express';
import type { Db } from '../db/database.ts';
import { addReadRoutes } from '../http/read-routes.ts';
import { paymentToWire } from '../payments/payment.wire.ts';
import { findFraudReview, fraudReviewListSpec, listPayments } from '../payments/payments.repository.ts';

/** The fraud review queue: payments waiting for an analyst. */
export function fraudReviewsRouter(db: Db): Router {
  const router = Router();
  addReadRoutes(router, db, {
    spec: fraudReviewListSpec,
    noun: 'fraud review',
    list: listPayments,
    find: findFraudReview,
    toWire: paymentToWire,
  });
  return router;
}
