import { Router } from 'express';
import { authorize } from '../auth/authorize.ts';
import { idempotent } from '../http/idempotency.ts';
import { notFound } from '../http/errors.ts';
import { commandContext } from '../http/request-context.ts';
import { idParam } from '../http/validate.ts';
import type { CommandDeps } from '../payments/payment-commands.ts';
import { paymentToWire } from '../payments/payment.wire.ts';
import { findPayment } from '../payments/payments.repository.ts';
import { addStaffPayment, staffPaymentFingerprint, staffPaymentOptions } from './staff-payments.ts';

/**
 * `POST /api/orders/<id>/payments` (operators and admins; an Idempotency-Key is required, so a double click
 * makes one payment) → 201 and the payment; `GET /api/orders/<id>/payment-options` → what is left to pay and
 * the methods staff may use. Mounted inside the orders router.
 */
const orderId = (raw: unknown) => {
  const id = idParam.safeParse(raw);
  if (!id.success) throw notFound('order');
  return id.data;
};

export function staffPaymentsRouter(deps: CommandDeps): Router {
  const router = Router();
  router.get('/:id/payment-options', async (req, res) => {
    res.json(await staffPaymentOptions(deps.db, orderId(req.params.id)));
  });
  router.post(
    '/:id/payments',
    authorize(deps.db, 'orders', 'add-payment'),
    idempotent(deps.db, { required: true, fingerprint: staffPaymentFingerprint }),
    async (req, res) => {
      const paymentId = await addStaffPayment(deps, commandContext(req), orderId(req.params.id), req.body);
      res.status(201).json(paymentToWire((await findPayment(deps.db, paymentId))!));
    },
  );
  return router;
}
