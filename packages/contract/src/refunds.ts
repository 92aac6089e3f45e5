import { REFUND_STATUSES } from '@paydesk/domain';
import { z } from 'zod';
import { amount, nullableTimestamp, optionalNote, recordId, timestamp } from './common.ts';
import { NAME_MAX } from './rules.ts';

/** The staff API's refunds (`/api/refunds`): read only; made by `POST /api/payments/<id>/refund`. */
export const refund = z
  .object({
    id: recordId,
    payment_id: recordId,
    amount,
    currency: z.string().length(3),
    reason_id: recordId,
    note: z.string(),
    status: z.enum(REFUND_STATUSES),
    transaction_id: z.string().nullable(),
    staff_user_id: recordId.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
    gateway_deadline: nullableTimestamp.meta({
      description: "After this the gateway no longer applies the refund's call; null: it cannot be told one.",
    }),
  })
  .strict()
  .meta({ id: 'Refund' });

export type Refund = z.infer<typeof refund>;

export const refundList = z.array(refund);

export const REFUND_APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;

/** `/api/refund-approvals`: a refund above the approval threshold, waiting for (or decided by) a second person. */
export const refundApproval = z
  .object({
    id: recordId,
    payment_id: recordId,
    payment_identifier: z.string(),
    amount,
    currency: z.string().length(3),
    reason_id: recordId,
    reason_name: z.string(),
    note: z.string(),
    status: z.enum(REFUND_APPROVAL_STATUSES),
    requested_by: recordId,
    requested_by_name: z.string(),
    decided_by: recordId.nullable(),
    decided_by_name: z.string().nullable(),
    decision_note: z.string().nullable(),
    decided_at: nullableTimestamp,
    refund_id: recordId.nullable().meta({ description: 'The refund an approval ran; null until approved.' }),
    created_at: timestamp,
  })
  .strict()
  .meta({ id: 'RefundApproval' });

export type RefundApproval = z.infer<typeof refundApproval>;

export const refundApprovalList = z.array(refundApproval);

/** `POST /api/refund-approvals/<id>/approve` and `/reject`: an optional note on the decision. */
export const refundApprovalDecisionBody = z
  .object({ note: optionalNote })
  .strict()
  .meta({ id: 'RefundApprovalDecisionRequest' });

export type RefundApprovalDecisionRequest = z.input<typeof refundApprovalDecisionBody>;

/** `/api/refund-reasons`: why staff refund (Customer request, Duplicate, Fraudulent, …). */
export const refundReason = z
  .object({
    id: recordId,
    name: z.string(),
    code: z.string(),
    active: z.boolean(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .strict()
  .meta({ id: 'RefundReason' });

export type RefundReason = z.infer<typeof refundReason>;

export const refundReasonList = z.array(refundReason);

/** `POST /api/refund-reasons` and `PUT /api/refund-reasons/<id>`. */
export const refundReasonBody = z
  .object({
    name: z.string({ error: 'This field is required.' }).trim().min(1, 'This field is required.').max(NAME_MAX),
    code: z
      .string({ error: 'This field is required.' })
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,49}$/, 'Use lowercase letters, digits and underscores, starting with a letter.'),
    active: z.boolean().default(true),
  })
  .meta({ id: 'RefundReasonRequest' });
