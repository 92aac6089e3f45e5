import { z } from 'zod';
import { auditEvent, auditEventSummary } from './audit-events.ts';
import { timestamp } from './common.ts';
import { logEntry } from './log-entries.ts';

/**
 * One line of `GET /api/payments/<id>/timeline`: an audit event (in full, with the staff member's name, for staff
 * who may read the audit log; else its summary) or a gateway log entry; `at` is when it happened.
 */
export const paymentTimelineEntry = z.union([
  auditEvent.extend({ kind: z.literal('audit'), at: timestamp, staff_name: z.string().nullable() }).strict(),
  auditEventSummary.extend({ kind: z.literal('audit'), at: timestamp }).strict(),
  logEntry.extend({ kind: z.literal('gateway'), at: timestamp }).strict(),
]);

export type PaymentTimelineEntry = z.infer<typeof paymentTimelineEntry>;

/** A payment's timeline, newest first. */
export const paymentTimeline = z.array(paymentTimelineEntry).meta({ id: 'PaymentTimeline' });
