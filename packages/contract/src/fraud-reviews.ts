import { FRAUD_STATUSES, PAYMENT_STATUSES } from '@paydesk/domain';
import { z } from 'zod';
import { amount, nullableTimestamp, recordId, timestamp } from './common.ts';
import { payment } from './payments.ts';

/** The staff API's fraud reviews (`/api/fraud-reviews`) and their decisions (`/api/fraud-decisions`). */

/** A payment whose fraud_status is `review`, with who holds it; the claim fields are null without a live claim. */
export const fraudReview = payment
  .extend({
    payment_method_name: z.string(),
    claimed_by_id: recordId.nullable(),
    claimed_by_name: z.string().nullable(),
    claimed_at: nullableTimestamp,
    claim_expires_at: nullableTimestamp,
    ip_country_mismatch: z
      .boolean()
      .meta({ description: "The billing country differs from the country of the customer's IP address." }),
  })
  .strict()
  .meta({ id: 'FraudReview' });

export type FraudReview = z.infer<typeof fraudReview>;

export const fraudReviewList = z.array(fraudReview);

/** `GET /api/fraud-reviews/health`: the queue at a glance. */
export const fraudQueueHealth = z
  .object({
    open: z.number().int(),
    oldest_created_at: nullableTimestamp,
    oldest_age_seconds: z.number().int().nullable(),
    sla_seconds: z.number().int(),
    sla_breached: z.boolean(),
    decisions_today: z.number().int(),
    decisions_7d: z.number().int(),
    accept_rate_7d: z.number().min(0).max(1).nullable().meta({ description: 'null without decisions in 7 days.' }),
  })
  .strict()
  .meta({ id: 'FraudQueueHealth' });

export type FraudQueueHealth = z.infer<typeof fraudQueueHealth>;

export const RELATED_KINDS = ['email', 'card', 'ip'] as const;

/** `GET /api/fraud-reviews/<id>/related`: other payments sharing the email, card or IP address. */
export const relatedPayments = z
  .object({
    payment_id: recordId,
    limit: z.number().int(),
    shared: z.record(
      z.enum(RELATED_KINDS),
      z.object({ value: z.string().nullable(), found: z.number().int(), more: z.boolean() }).strict(),
    ),
    data: z.array(
      z
        .object({
          id: recordId,
          identifier: z.string(),
          order_id: recordId,
          status: z.enum(PAYMENT_STATUSES),
          fraud_status: z.enum(FRAUD_STATUSES),
          currency: z.string().length(3),
          total: amount,
          billing_email: z.string(),
          card_brand: z.string().nullable(),
          card_last4: z.string().nullable(),
          card_exp_month: z.number().int().nullable(),
          card_exp_year: z.number().int().nullable(),
          customer_ip_address: z.string().nullable(),
          created_at: timestamp,
          shares: z.array(z.enum(RELATED_KINDS)),
        })
        .strict(),
    ),
  })
  .strict()
  .meta({ id: 'RelatedPayments' });

export type RelatedPayments = z.infer<typeof relatedPayments>;

/** One analyst's decision on one review. */
export const fraudDecision = z
  .object({
    id: recordId,
    payment_id: recordId,
    payment_identifier: z.string(),
    review_id: recordId.nullable(),
    staff_user_id: recordId,
    staff_name: z.string(),
    decision: z.enum(['accept', 'reject']),
    note: z.string(),
    money_action: z
      .enum(['void', 'refund'])
      .nullable()
      .meta({ description: 'What a reject did with the money; null for an accept or without money to return.' }),
    money_outcome: z.enum(['succeeded', 'declined', 'unknown', 'pending']).nullable(),
    amount: amount.nullable().meta({ description: 'The amount refunded; null for a void.' }),
    currency: z.string().length(3),
    refund_id: recordId.nullable(),
    created_at: timestamp,
  })
  .strict()
  .meta({ id: 'FraudDecision' });

export type FraudDecision = z.infer<typeof fraudDecision>;

export const fraudDecisionList = z.array(fraudDecision);
