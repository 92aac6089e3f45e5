import { FRAUD_STATUSES, PAYMENT_STATUSES } from '@paydesk/domain';
import { z } from 'zod';
import {
  amount,
  amountInput,
  errorBody,
  ID_MAX,
  jsonObject,
  NOTE_MAX,
  nullableTimestamp,
  optionalNote,
  recordId,
  timestamp,
} from './common.ts';

/** The staff API's payments (`/api/payments`): the record, its commands' bodies and answers. */

export const paymentOperation = z
  .enum(['authorize', 'purchase', 'capture', 'void'])
  .nullable()
  .meta({ description: 'The gateway call in flight, or whose outcome is unknown (no start time); null: none.' });

export const payment = z
  .object({
    id: recordId,
    identifier: z.string(),
    order_id: recordId,
    order_number: z.string(),
    payment_method_id: recordId,
    payment_method_type: z.string(),
    description: z.string(),
    status: z.enum(PAYMENT_STATUSES),
    fraud_status: z.enum(FRAUD_STATUSES),
    fraud_message: z.string(),
    risk_score: z.number().nullable(),
    currency: z.string().length(3),
    total: amount,
    tax: amount,
    delivery: amount,
    captured_amount: amount,
    refunded_amount: amount,
    reserved_amount: amount.meta({ description: 'Held by pending refunds and refunds waiting for approval.' }),
    refundable_amount: amount.meta({ description: 'captured − refunded − reserved.' }),
    billing_first_name: z.string(),
    billing_last_name: z.string(),
    billing_address_1: z.string(),
    billing_address_2: z.string(),
    billing_city: z.string(),
    billing_postcode: z.string(),
    billing_country_code: z.string().nullable(),
    billing_country_area: z.string(),
    billing_email: z.string(),
    customer_ip_address: z.string().nullable(),
    customer_ip_country: z.string().nullable(),
    card_brand: z.string().nullable(),
    card_last4: z
      .string()
      .regex(/^\d{4}$/)
      .nullable(),
    card_exp_month: z.number().int().nullable(),
    card_exp_year: z.number().int().nullable(),
    transaction_id: z.string().nullable(),
    message: z.string(),
    extra_data: jsonObject,
    operation: paymentOperation,
    operation_started_at: nullableTimestamp,
    operation_deadline: nullableTimestamp.meta({
      description: "After this the gateway no longer applies the operation's call; null: it cannot be told one.",
    }),
    authorization_expires_at: nullableTimestamp.meta({
      description: '`preauth` payments only: when the uncaptured authorization lapses.',
    }),
    dispute_id: z.string().nullable(),
    dispute_status: z.string().nullable(),
    dispute_amount: amount.nullable(),
    dispute_reason: z.string().nullable(),
    dispute_reported_at: nullableTimestamp,
    dispute_open: z.boolean().meta({ description: 'Still to be decided: refunds are refused meanwhile.' }),
    created_at: timestamp,
    modified_at: timestamp,
  })
  .strict()
  .meta({ id: 'Payment' });

export type Payment = z.infer<typeof payment>;

const paymentIds = (most: number, verb: string) =>
  z
    .array(z.number().int().positive().max(ID_MAX))
    .min(1, 'Select at least one payment.')
    .max(most, `${verb} at most ${most} payments at once.`)
    .refine((ids) => new Set(ids).size === ids.length, 'Each payment may appear once.');

/** `POST /api/payments/<id>/capture`: all that is authorized, or `amount` of it. */
export const captureBody = z.object({ amount: amountInput.optional() }).strict().meta({ id: 'CaptureRequest' });

/**
 * The request types below are what a client sends (`z.input`), before the BFF's transforms (trimmed notes);
 * the console types its command bodies with them.
 */
export type CaptureRequest = z.input<typeof captureBody>;

/** `POST /api/payments/<id>/void` and `/invalidate`. */
export const emptyBody = z.object({}).strict().meta({ id: 'EmptyRequest' });

export type EmptyRequest = z.input<typeof emptyBody>;

/** `POST /api/payments/<id>/refund`: all that is left to refund, or `amount` of it. */
export const refundBody = z
  .object({
    amount: amountInput.optional(),
    reason_id: z.number({ error: 'Choose a refund reason.' }).int().positive().max(ID_MAX, 'Choose a refund reason.'),
    note: optionalNote,
  })
  .strict()
  .meta({ id: 'RefundRequest' });

export type RefundRequest = z.input<typeof refundBody>;

const decisionNote = z
  .string({ error: 'Write a note on the decision.' })
  .trim()
  .min(1, 'Write a note on the decision.')
  .max(NOTE_MAX, 'Must be at most 2,000 characters.');

/** `POST /api/payments/<id>/fraud-decision`. */
export const fraudDecisionBody = z
  .object({
    decision: z.enum(['accept', 'reject'], { error: 'Choose accept or reject.' }),
    note: decisionNote,
  })
  .strict()
  .meta({ id: 'FraudDecisionRequest' });

export type FraudDecisionRequest = z.input<typeof fraudDecisionBody>;

/** `POST /api/payments/bulk-fraud-decision`. */
export const bulkFraudDecisionBody = fraudDecisionBody
  .extend({ ids: paymentIds(100, 'Decide') })
  .meta({ id: 'BulkFraudDecisionRequest' });

export type BulkFraudDecisionRequest = z.input<typeof bulkFraudDecisionBody>;

/** `POST /api/payments/<id>/fraud-review`: why it needs a review. */
export const fraudReviewBody = z
  .object({
    note: z.string({ error: 'Say why it needs a review.' }).trim().min(1, 'Say why it needs a review.').max(NOTE_MAX),
  })
  .strict()
  .meta({ id: 'FraudReviewRequest' });

export type FraudReviewRequest = z.input<typeof fraudReviewBody>;

/** `POST /api/payments/<id>/mark-failed`: why. */
export const markFailedBody = z
  .object({
    note: z
      .string({ error: 'Say why it is marked failed.' })
      .trim()
      .min(1, 'Say why it is marked failed.')
      .max(NOTE_MAX),
  })
  .strict()
  .meta({ id: 'MarkFailedRequest' });

export type MarkFailedRequest = z.input<typeof markFailedBody>;

/** `POST /api/payments/bulk-capture`. */
export const bulkCaptureBody = z
  .object({ ids: paymentIds(100, 'Capture') })
  .strict()
  .meta({ id: 'BulkCaptureRequest' });

export type BulkCaptureRequest = z.input<typeof bulkCaptureBody>;

/** One payment of a bulk action: how it went, and the payment as it now stands when it went well. */
export const bulkResult = z
  .object({
    id: recordId,
    ok: z.boolean(),
    payment: payment.optional(),
    error: errorBody.optional(),
  })
  .strict()
  .meta({ id: 'BulkResult' });

export type BulkResult = z.infer<typeof bulkResult>;
export const bulkResults = z.array(bulkResult);

export const reconciliation = z
  .enum(['settled', 'unknown', 'nothing to do'])
  .meta({ description: 'What reconciling found out from the gateway.' });

/** `POST /api/payments/<id>/reconcile`: the payment as it now stands, and what reconciling did. */
export const reconciledPayment = payment.extend({ reconciliation }).strict().meta({ id: 'ReconciledPayment' });
export type ReconciledPayment = z.infer<typeof reconciledPayment>;

/** `POST /api/payments/<id>/refund` above the approval threshold: accepted, waiting for a second person. */
export const refundPendingApproval = payment
  .extend({ pending_approval_id: recordId })
  .strict()
  .meta({ id: 'PaymentWithPendingRefund' });
export type RefundPendingApproval = z.infer<typeof refundPendingApproval>;

export const paymentList = z.array(payment);
