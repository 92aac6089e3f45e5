import { z } from 'zod';
import { amount, recordId, timestamp } from './common.ts';

/**
 * The staff API's audit log (`/api/audit-events`, append-only): every staff command — successful, refused or
 * denied — with who, what, on which record, outcome, amount, reason and note, idempotency key, IP, user agent
 * and time (product.md).
 */
export const auditEvent = z
  .object({
    id: recordId,
    staff_user_id: recordId.nullable(),
    action: z.string().meta({ description: 'What was asked, such as "payment.capture" or "auth.login".' }),
    resource: z.string().nullable(),
    record_id: z.string().nullable(),
    outcome: z.string().meta({ description: 'succeeded, failed, denied, …' }),
    amount: amount.nullable(),
    currency: z.string().length(3).nullable(),
    reason: z.string().nullable(),
    note: z.string().nullable(),
    idempotency_key: z.string().nullable().meta({ description: 'The Idempotency-Key the command was sent with.' }),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    created_at: timestamp,
  })
  .strict()
  .meta({ id: 'AuditEvent' });

export type AuditEvent = z.infer<typeof auditEvent>;

export const auditEventList = z.array(auditEvent);

/**
 * An audit event in a payment's timeline for staff who may not read the audit log: who did what and when, and
 * with how much — not their note or reason, address, browser or idempotency key.
 */
export const auditEventSummary = auditEvent
  .pick({
    id: true,
    staff_user_id: true,
    action: true,
    resource: true,
    record_id: true,
    outcome: true,
    amount: true,
    currency: true,
    created_at: true,
  })
  .extend({ staff_name: z.string().nullable(), reason: z.null(), note: z.null() })
  .strict()
  .meta({ id: 'AuditEventSummary' });

export type AuditEventSummary = z.infer<typeof auditEventSummary>;
