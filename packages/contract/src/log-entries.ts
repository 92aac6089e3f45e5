import { GATEWAY_ACTIONS } from '@paydesk/domain';
import { z } from 'zod';
import { amount, recordId, timestamp } from './common.ts';

/** The staff API's log entries (`/api/log-entries`): one per gateway call, whatever its outcome; read only. */
export const logEntry = z
  .object({
    id: recordId,
    payment_id: recordId,
    refund_id: recordId.nullable(),
    payment_method_id: recordId,
    action: z.enum(GATEWAY_ACTIONS),
    success: z.boolean(),
    amount: amount.nullable(),
    currency: z.string().length(3),
    message: z.string(),
    authorization: z.string().nullable().meta({ description: "The gateway's authorization or transaction reference." }),
    error_code: z.string().nullable(),
    avs_result: z.string().nullable(),
    cvv_result: z.string().nullable(),
    params: z.unknown().meta({ description: "The gateway's answer, scrubbed of card data." }),
    duration_ms: z.number().int(),
    unapplied: z.boolean().meta({
      description:
        "An answer for an operation that was no longer the payment's: kept, never applied (Needs attention).",
    }),
    created_at: timestamp,
  })
  .strict()
  .meta({ id: 'LogEntry' });

export type LogEntry = z.infer<typeof logEntry>;

export const logEntryList = z.array(logEntry);
