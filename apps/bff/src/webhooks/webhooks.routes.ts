import express, { Router } from 'express';
import { notFound } from '../http/errors.ts';
import { databaseLane } from '../http/lanes.ts';
import type { CommandDeps } from '../payments/payment-commands.ts';
import { receiveWebhook } from './gateway-webhooks.ts';

/** The largest webhook body taken (Stripe's events are a few kilobytes). */
const MAX_BODY = '256kb';

/**
 * `POST /api/webhooks/<method type>/<payment method id>`: server to server, so no session, CSRF token or JSON
 * body parser — the body is kept raw, byte for byte, because the signature is over exactly those bytes.
 */
export function webhooksRouter(deps: CommandDeps): Router {
  const router = Router();
  router.post(
    '/:gateway/:paymentMethodId',
    express.raw({ type: () => true, limit: MAX_BODY }),
    databaseLane,
    async (req, res) => {
      res.set('Cache-Control', 'no-store');
      const { gateway, paymentMethodId } = req.params as { gateway: string; paymentMethodId: string };
      const id = Number(paymentMethodId);
      if (!/^\d{1,9}$/.test(paymentMethodId) || id <= 0) throw notFound('payment method');
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      res.json(await receiveWebhook(deps, gateway, id, body, req.headers));
    },
  );
  return router;
}
