import type { CarrierNotificationAnswer } from '@paydesk/contract';
import express, { Router } from 'express';
import { AppError, invalidArgument, notFound } from '../http/errors.ts';
import { unsafeJsonProblem } from '../http/json-body.ts';
import { databaseLane } from '../http/lanes.ts';
import { carrierConfigFrom } from '../gateways/carrier.gateway.ts';
import { openPreferences } from '../payment-methods/method-secrets.ts';
import type { CommandDeps } from '../payments/payment-commands.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { findCarrierMethod } from './carrier-notifications.repository.ts';
import { receiveNotification } from './carrier-notifications.ts';
import { OPERATOR_SIGNATURE_HEADER, verifyOperatorSignature } from './operator-signature.ts';

/**
 * `POST /api/webhooks/carrier/<method id>`: the operator's server-to-server notifications for a carrier
 * payment method. No staff session, no CSRF token: the operator signs each with the method's
 * notification_secret, checked over the raw body before anything is read from it. A bad or missing signature
 * is a 400 and changes nothing. Answers 200 `{received: true, result}` (result: applied, unapplied, recorded
 * or repeated), so the operator stops sending it.
 */
export function carrierNotificationsRouter(deps: CommandDeps, secrets: SecretBox): Router {
  const router = Router();
  router.post('/:methodId', express.raw({ type: () => true, limit: '100kb' }), databaseLane, async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const param = String(req.params.methodId);
    const methodId = /^[1-9]\d{0,9}$/.test(param) ? Number(param) : Number.NaN;
    const method = methodId <= 2_147_483_647 ? await findCarrierMethod(deps.db, methodId) : undefined;
    if (!method) throw notFound('carrier payment method');
    const config = carrierConfigFrom(openPreferences(secrets, method.preferences as Record<string, unknown>));
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verifyOperatorSignature(config.notificationSecret, req.get(OPERATOR_SIGNATURE_HEADER), raw)) {
      throw invalidArgument({ [OPERATOR_SIGNATURE_HEADER]: 'The signature does not match this notification.' });
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw invalidArgument('The notification is not valid JSON.');
    }
    const problem = unsafeJsonProblem(body);
    if (problem) throw invalidArgument({ body: problem });
    const answer: CarrierNotificationAnswer = {
      received: true,
      result: await receiveNotification(deps, method.id, body),
    };
    res.json(answer);
  });
  router.use((_req, _res, next) => next(new AppError('NotFound', 'No such webhook.')));
  return router;
}
