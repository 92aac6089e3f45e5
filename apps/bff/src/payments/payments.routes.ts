import { can } from '@paydesk/domain';
import { Router, type Request } from 'express';
import {
  bulkCaptureBody,
  bulkFraudDecisionBody,
  captureBody,
  emptyBody,
  fraudDecisionBody,
  fraudReviewBody,
  markFailedBody,
  refundBody,
} from '@paydesk/contract';
import { authorize } from '../auth/authorize.ts';
import { AppError, errorBody } from '../http/errors.ts';
import { idempotent } from '../http/idempotency.ts';
import { addReadRoutes, findOr404 } from '../http/read-routes.ts';
import { commandContext } from '../http/request-context.ts';
import { parseInput } from '../http/validate.ts';
import { listPaymentAuditEvents } from '../audit-events/audit-events.repository.ts';
import { auditEventSummary, auditEventToWire } from '../audit-events/audit-events.routes.ts';
import { decideFraudReview } from '../fraud-reviews/fraud-decisions.ts';
import { reconcilePayment } from '../reconciliation/reconciler.ts';
import { listPaymentLogEntries } from '../log-entries/log-entries.repository.ts';
import { logEntryToWire } from '../log-entries/log-entries.routes.ts';
import {
  capturePayment,
  invalidatePayment,
  markPaymentFailed,
  openFraudReview,
  refundPayment,
  voidPayment,
  type CommandDeps,
} from './payment-commands.ts';
import { bulkCapture } from '../capture-runs/capture-runs.ts';
import { PAYMENT_CSV_COLUMNS, paymentToWire } from './payment.wire.ts';
import { findPayment, listPayments, paymentListSpec, paymentsInChunks } from './payments.repository.ts';

export function paymentsRouter(deps: CommandDeps): Router {
  const { db } = deps;
  const router = Router();
  const resource = {
    spec: paymentListSpec,
    noun: 'payment',
    list: listPayments,
    find: findPayment,
    toWire: paymentToWire,
    csv: { columns: PAYMENT_CSV_COLUMNS, read: paymentsInChunks },
  };
  addReadRoutes(router, db, resource);

  const currentPayment = async (id: number) => paymentToWire(await findOr404(db, resource, id));
  const paymentId = (req: Request) => {
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647 || String(id) !== req.params.id)
      throw new AppError('NotFound', 'No such payment.');
    return id;
  };

  /** A bulk action: each payment on its own, one result each — `{id, ok, payment?, error?}`. */
  const eachPayment = async (ids: number[], run: (id: number) => Promise<void>) => {
    const results = [];
    for (const id of ids) {
      try {
        await run(id);
        results.push({ id, ok: true, payment: await currentPayment(id) });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        results.push({ id, ok: false, error: errorBody(error) });
      }
    }
    return results;
  };

  router.post('/bulk-capture', authorize(db, 'payments', 'bulk-capture'), idempotent(db), async (req, res) => {
    const { ids } = parseInput(bulkCaptureBody, req.body);
    const results = await bulkCapture(deps, req.log, commandContext(req), ids);
    res.json(
      await Promise.all(
        results.map(async (result) => (result.ok ? { ...result, payment: await currentPayment(result.id) } : result)),
      ),
    );
  });

  /**
   * One timeline of what staff did and what the gateway answered, newest first. Staff who may not read the
   * audit log see of each audit event only who did what and when.
   */
  router.get('/:id/timeline', async (req, res) => {
    const id = paymentId(req);
    await findOr404(db, resource, id);
    const [events, entries] = await Promise.all([listPaymentAuditEvents(db, id), listPaymentLogEntries(db, id)]);
    const audit = can(commandContext(req).staff.role, 'audit-events', 'list') ? auditEventToWire : auditEventSummary;
    const timeline = [
      ...events.map((event) => ({ kind: 'audit' as const, at: event.created_at, ...audit(event) })),
      ...entries.map((entry) => ({ kind: 'gateway' as const, at: entry.created_at, ...logEntryToWire(entry) })),
    ].sort((a, b) => b.at.getTime() - a.at.getTime());
    res.json(timeline);
  });

  router.post('/bulk-fraud-decision', authorize(db, 'payments', 'fraud-decision'), idempotent(db), async (req, res) => {
    const { ids, decision, note } = parseInput(bulkFraudDecisionBody, req.body);
    res.json(await eachPayment(ids, (id) => decideFraudReview(deps, commandContext(req), id, decision, note)));
  });

  router.post('/:id/fraud-decision', authorize(db, 'payments', 'fraud-decision'), idempotent(db), async (req, res) => {
    const id = paymentId(req);
    const { decision, note } = parseInput(fraudDecisionBody, req.body ?? {});
    await decideFraudReview(deps, commandContext(req), id, decision, note);
    res.json(await currentPayment(id));
  });

  router.post('/:id/fraud-review', authorize(db, 'payments', 'fraud-review'), idempotent(db), async (req, res) => {
    const id = paymentId(req);
    const { note } = parseInput(fraudReviewBody, req.body ?? {});
    await openFraudReview(deps, commandContext(req), id, note);
    res.json(await currentPayment(id));
  });

  router.post('/:id/reconcile', authorize(db, 'payments', 'reconcile'), async (req, res) => {
    const id = paymentId(req);
    parseInput(emptyBody, req.body ?? {});
    const reconciliation = await reconcilePayment(deps, id);
    res.json({ ...(await currentPayment(id)), reconciliation });
  });

  router.post('/:id/mark-failed', authorize(db, 'payments', 'mark-failed'), idempotent(db), async (req, res) => {
    const id = paymentId(req);
    const { note } = parseInput(markFailedBody, req.body ?? {});
    await markPaymentFailed(deps, commandContext(req), id, note);
    res.json(await currentPayment(id));
  });

  router.post('/:id/capture', authorize(db, 'payments', 'capture'), idempotent(db), async (req, res) => {
    const id = paymentId(req);
    const body = parseInput(captureBody, req.body ?? {});
    // The payment as the capture's last transaction wrote it (read again only when that could not tell).
    const captured = await capturePayment(deps, commandContext(req), id, body.amount);
    res.json(captured ? paymentToWire(captured) : await currentPayment(id));
  });

  router.post('/:id/void', authorize(db, 'payments', 'void'), idempotent(db), async (req, res) => {
    const id = paymentId(req);
    parseInput(emptyBody, req.body ?? {});
    await voidPayment(deps, commandContext(req), id);
    res.json(await currentPayment(id));
  });

  router.post('/:id/invalidate', authorize(db, 'payments', 'invalidate'), idempotent(db), async (req, res) => {
    const id = paymentId(req);
    parseInput(emptyBody, req.body ?? {});
    await invalidatePayment(deps, commandContext(req), id);
    res.json(await currentPayment(id));
  });

  router.post('/:id/refund', authorize(db, 'payments', 'refund'), idempotent(db), async (req, res) => {
    const id = paymentId(req);
    const body = parseInput(refundBody, req.body ?? {});
    const { approvalId } = await refundPayment(deps, commandContext(req), id, body);
    if (approvalId) {
      // Above the approval threshold: accepted, waiting for a second person.
      res.status(202).json({ ...(await currentPayment(id)), pending_approval_id: approvalId });
      return;
    }
    res.json(await currentPayment(id));
  });
  return router;
}
