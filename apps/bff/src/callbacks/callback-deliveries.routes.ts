import { type CallbackAttempt, type CallbackDelivery, emptyBody } from '@paydesk/contract';
import { Router } from 'express';
import { authorize } from '../auth/authorize.ts';
import type { Db } from '../db/database.ts';
import type { CallbackAttemptRow } from '../db/schema.ts';
import { addReadRoutes, findOr404 } from '../http/read-routes.ts';
import { parseInput } from '../http/validate.ts';
import { cancelPendingJobs, enqueueJob } from '../jobs/jobs.repository.ts';
import {
  attemptListSpec,
  deliveryListSpec,
  findAttempt,
  findDelivery,
  listAttempts,
  listDeliveries,
  markDeliveryPending,
  type DeliveryWithTransaction,
} from './callback-deliveries.repository.ts';
import { callbackBody, RETRY_WINDOW_MS } from './deliver-callback.ts';

/** Explicit picks: never the signing secret; the payload as the body text that was signed and sent. */
export function deliveryToWire(row: DeliveryWithTransaction): CallbackDelivery {
  return {
    id: row.id,
    transaction_id: row.transaction_id,
    payment_id: row.payment_id,
    token: row.token,
    payment_status: row.payment_status,
    currency: row.currency,
    url: row.url,
    status: row.status,
    attempts: row.attempts,
    last_response_code: row.last_response_code,
    last_error: row.last_error,
    next_attempt_at: row.next_attempt_at?.toISOString() ?? null,
    delivered_at: row.delivered_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    body: callbackBody(row),
  };
}

export function attemptToWire(row: CallbackAttemptRow): CallbackAttempt {
  return {
    id: row.id,
    delivery_id: row.delivery_id,
    response_code: row.response_code,
    error: row.error,
    duration_ms: row.duration_ms,
    created_at: row.created_at.toISOString(),
  };
}

/** Callback deliveries and their attempts; a manual resend tries again now, and for 24 hours after. */
export function callbackDeliveriesRouter(db: Db): Router {
  const router = Router();
  const resource = {
    spec: deliveryListSpec,
    noun: 'callback delivery',
    list: listDeliveries,
    find: findDelivery,
    toWire: deliveryToWire,
  };
  addReadRoutes(router, db, resource);

  router.post('/:id/resend', authorize(db, 'callback-deliveries', 'resend'), async (req, res) => {
    const delivery = await findOr404(db, resource, req.params.id);
    parseInput(emptyBody, req.body ?? {});
    await markDeliveryPending(db, delivery.id);
    // One retry chain per delivery: the resend replaces the one that was waiting.
    await cancelPendingJobs(db, 'callback', 'delivery_id', delivery.id);
    await enqueueJob(db, 'callback', {
      delivery_id: delivery.id,
      deadline: new Date(Date.now() + RETRY_WINDOW_MS).toISOString(),
    });
    res.json(deliveryToWire((await findDelivery(db, delivery.id))!));
  });
  return router;
}

export function callbackAttemptsRouter(db: Db): Router {
  const router = Router();
  addReadRoutes(router, db, {
    spec: attemptListSpec,
    noun: 'callback attempt',
    list: listAttempts,
    find: findAttempt,
    toWire: attemptToWire,
  });
  return router;
}
