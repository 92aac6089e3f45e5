import { emptyBody } from '@paydesk/contract';
import { formatAmount } from '@paydesk/domain';
import { Router } from 'express';
import { authorize } from '../auth/authorize.ts';
import { idempotent } from '../http/idempotency.ts';
import type { CsvColumns } from '../http/csv-export.ts';
import { addReadRoutes, findOr404, parseId } from '../http/read-routes.ts';
import { commandContext } from '../http/request-context.ts';
import { parseInput } from '../http/validate.ts';
import type { CommandDeps } from '../payments/payment-commands.ts';
import { paymentToWire } from '../payments/payment.wire.ts';
import { getSetting } from '../settings/settings.repository.ts';
import { claimFraudReview, releaseFraudReview } from './fraud-decisions.ts';
import { relatedPayments } from './related-payments.ts';
import {
  findFraudDecision,
  findFraudReview,
  fraudDecisionListSpec,
  fraudDecisionsInChunks,
  fraudReviewListSpec,
  listFraudDecisions,
  listFraudReviews,
  queueHealth,
  type FraudDecisionWithNames,
  type FraudReviewRow,
} from './fraud-reviews.repository.ts';

/** A review: the payment, who holds it, and whether the billing country differs from the IP's. */
export function fraudReviewToWire(row: FraudReviewRow) {
  const { claimed_by_id, claimed_by_name, claimed_at, claim_expires_at, payment_method_name, ...payment } = row;
  return {
    ...paymentToWire(payment),
    payment_method_name,
    claimed_by_id,
    claimed_by_name,
    claimed_at,
    claim_expires_at,
    ip_country_mismatch:
      row.billing_country_code !== null &&
      row.customer_ip_country !== null &&
      row.billing_country_code.trim() !== row.customer_ip_country.trim(),
  };
}

const reviewResource = {
  spec: fraudReviewListSpec,
  noun: 'fraud review',
  list: listFraudReviews,
  find: findFraudReview,
  toWire: fraudReviewToWire,
};

export function fraudReviewsRouter(deps: CommandDeps): Router {
  const { db } = deps;
  const router = Router();

  /** Queue health for the dashboard: open reviews, the oldest one's age against the SLA, today's decisions, 7-day accept rate. */
  router.get('/health', async (_req, res) => {
    const [health, slaHours] = await Promise.all([queueHealth(db), getSetting(db, 'fraud_review_sla_hours')]);
    const oldestAgeSeconds = health.oldest_created_at
      ? Math.max(0, Math.round((Date.now() - health.oldest_created_at.getTime()) / 1000))
      : null;
    const slaSeconds = Math.round(slaHours * 3600);
    res.json({
      open: health.open,
      oldest_created_at: health.oldest_created_at,
      oldest_age_seconds: oldestAgeSeconds,
      sla_seconds: slaSeconds,
      sla_breached: oldestAgeSeconds !== null && oldestAgeSeconds > slaSeconds,
      decisions_today: health.decisions_today,
      decisions_7d: health.decided_7d,
      accept_rate_7d: health.decided_7d > 0 ? Number((health.accepted_7d / health.decided_7d).toFixed(4)) : null,
    });
  });

  /** The other payments that share this one's email, card or IP address (any payment, under review or not). */
  router.get('/:id/related', async (req, res) => {
    res.json(await relatedPayments(db, parseId(req.params.id)));
  });

  addReadRoutes(router, db, reviewResource);

  router.post('/:id/claim', authorize(db, 'fraud-reviews', 'claim'), idempotent(db), async (req, res) => {
    const id = parseId(req.params.id);
    parseInput(emptyBody, req.body ?? {});
    await claimFraudReview(deps, commandContext(req), id);
    res.json(fraudReviewToWire(await findOr404(db, reviewResource, id)));
  });

  router.post('/:id/release', authorize(db, 'fraud-reviews', 'claim'), idempotent(db), async (req, res) => {
    const id = parseId(req.params.id);
    parseInput(emptyBody, req.body ?? {});
    await releaseFraudReview(deps, commandContext(req), id);
    res.json(fraudReviewToWire(await findOr404(db, reviewResource, id)));
  });
  return router;
}

export function fraudDecisionToWire(row: FraudDecisionWithNames) {
  return {
    id: row.id,
    payment_id: row.payment_id,
    payment_identifier: row.payment_identifier,
    review_id: row.review_id,
    staff_user_id: row.staff_user_id,
    staff_name: row.staff_name,
    decision: row.decision,
    note: row.note,
    money_action: row.money_action,
    money_outcome: row.money_outcome,
    amount: row.amount === null ? null : formatAmount(row.amount, row.currency),
    currency: row.currency,
    refund_id: row.refund_id,
    created_at: row.created_at,
  };
}

/** The fraud decisions export's columns (`GET /api/fraud-decisions/export.csv`). */
export const FRAUD_DECISION_CSV_COLUMNS: CsvColumns = {
  id: 'number',
  created_at: 'time',
  payment_id: 'number',
  payment_identifier: 'text',
  review_id: 'number',
  staff_user_id: 'number',
  staff_name: 'text',
  decision: 'text',
  note: 'text',
  money_action: 'text',
  money_outcome: 'text',
  currency: 'text',
  amount: 'amount',
  refund_id: 'number',
};

/** The history of decided reviews. */
export function fraudDecisionsRouter(deps: CommandDeps): Router {
  const router = Router();
  addReadRoutes(router, deps.db, {
    spec: fraudDecisionListSpec,
    noun: 'fraud decision',
    list: listFraudDecisions,
    find: findFraudDecision,
    toWire: fraudDecisionToWire,
    csv: { columns: FRAUD_DECISION_CSV_COLUMNS, read: fraudDecisionsInChunks },
  });
  return router;
}
