import { Router } from 'express';
import { authorize } from '../auth/authorize.ts';
import type { Db } from '../db/database.ts';
import { addReadRoutes, findOr404 } from '../http/read-routes.ts';
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

/** Never the signing secret. */
export function deliveryToWire({ signing_secret: _secret, payload: _payload, ...delivery }: DeliveryWithTransaction) {
  return { ...delivery, body: callbackBody({ ...delivery, signing_secret: '', payload: _payload }) };
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
    toWire: <T>(row: T) => row,
  });
  return router;
}
