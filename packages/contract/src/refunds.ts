import { REFUND_STATUSES } from '@paydesk/domain';
import { z } from 'zod';
import { amount, nullableTimestamp, recordId, timestamp } from './common.ts';

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
