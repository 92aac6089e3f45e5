import { sql } from 'kysely';

// Refunds and gateway log entries of the batch's payments (those inserted after paymentIdBefore, joined to
// the plan by identifier). Messages, error codes, references and params look like the bogus adapter's
// (gateways/bogus.gateway.ts): params are the scrubbed response, with the card's brand and last four digits at
// most and amounts in minor units; never a card number or CVV.

/**
 * Refunds, up to four per payment, in the order they happened: a declined attempt (staff then tried again),
 * the first and second successful refunds (their sum is the payment's refunded_amount), and one still pending
 * because the gateway did not answer. Issued by no one in particular (staff_user_id null).
 */
export function insertRefundsSql(now: string, paymentIdBefore: number) {
  return sql`
INSERT INTO refunds (payment_id, amount, currency, reason_id, note, status, transaction_id, staff_user_id, created_at, updated_at)
SELECT pay.id, r.amount_minor::numeric / p.scale, p.currency, rr.id,
       CASE WHEN r.status = 'pending' THEN '' ELSE p.refund_note END,
       r.status,
       CASE WHEN r.status = 'succeeded' AND p.method <> 'check'
         THEN 'REF-' || pg_temp.seed_reference(p.k * 4 + r.seq, 'refund')
       END,
       NULL,
       ${now}::timestamptz - r.ago * interval '1 second',
       ${now}::timestamptz - r.ago * interval '1 second'
FROM seed_plan AS p
JOIN payments AS pay ON pay.identifier = p.identifier AND pay.id > ${paymentIdBefore}::integer
CROSS JOIN LATERAL (VALUES
  (1, 'failed', p.refund_failed_minor, p.ago_refund_failed),
  (2, 'succeeded', p.refund1_minor, p.ago_refund1),
  (3, 'succeeded', p.refund2_minor, p.ago_refund2),
  (4, 'pending', p.refund_pending_minor, p.ago_refund_pending)
) AS r(seq, status, amount_minor, ago)
JOIN refund_reasons AS rr ON rr.code = p.refund_reason
WHERE r.amount_minor IS NOT NULL
ORDER BY pay.id, r.seq
`;
}

/**
 * The first gateway call of every card payment that reached the gateway (authorize for authorize-only methods,
 * purchase for auto-capture ones), then the capture or void of authorize-only payments. Check payments have
 * no gateway and no log entries. Each entry is stamped when the call was made.
 */
export function insertPaymentLogEntriesSql(now: string, paymentIdBefore: number) {
  return sql`
INSERT INTO log_entries
  (payment_id, refund_id, payment_method_id, action, success, amount, currency, message, "authorization", error_code,
   avs_result, cvv_result, params, duration_ms, created_at)
SELECT pay.id, NULL, pay.payment_method_id, e.action, e.code = 'approved', e.amount_minor::numeric / p.scale, p.currency,
       e.message,
       CASE WHEN e.code = 'approved' THEN e.reference END,
       CASE WHEN e.code <> 'approved' THEN e.code END,
       e.avs_result, e.cvv_result,
       jsonb_strip_nulls(jsonb_build_object(
         'action', e.action,
         'amount', e.amount_minor::text,
         'currency', p.currency,
         'order_id', p.order_number || '-' || p.identifier,
         'card', CASE WHEN e.seq = 1 THEN jsonb_build_object('last4', p.card_last4, 'brand', p.card_brand) END,
         'status', CASE
           WHEN e.code = 'approved' THEN CASE WHEN e.seq = 1 THEN 'approved' ELSE 'succeeded' END
           WHEN e.code NOT IN ('timeout', 'connection_error') THEN 'declined' END
       )),
       e.duration_ms,
       ${now}::timestamptz - e.ago * interval '1 second'
FROM seed_plan AS p
JOIN payments AS pay ON pay.identifier = p.identifier AND pay.id > ${paymentIdBefore}::integer
CROSS JOIN LATERAL (VALUES
  (1, p.attempt_action, p.attempt_code, p.attempt_message, p.transaction_id, p.total_minor,
   p.avs_result, p.cvv_result, p.attempt_duration_ms, p.ago_attempt),
  (2, p.settle_action, p.settle_code, p.settle_message,
   CASE WHEN p.settle_action = 'capture' THEN p.capture_reference ELSE p.transaction_id END,
   CASE WHEN p.settle_action = 'capture' THEN CASE WHEN p.captured_minor > 0 THEN p.captured_minor ELSE p.total_minor END END,
   NULL, NULL, p.settle_duration_ms, p.ago_settle)
) AS e(seq, action, code, message, reference, amount_minor, avs_result, cvv_result, duration_ms, ago)
WHERE e.action IS NOT NULL
ORDER BY pay.id, e.seq
`;
}

/** One refund call per refund of a card payment: approved, declined, or unanswered (the refund stays pending). */
export function insertRefundLogEntriesSql(paymentIdBefore: number) {
  return sql`
INSERT INTO log_entries
  (payment_id, refund_id, payment_method_id, action, success, amount, currency, message, "authorization", error_code,
   avs_result, cvv_result, params, duration_ms, created_at)
SELECT pay.id, r.id, pay.payment_method_id, 'refund', r.status = 'succeeded', r.amount, r.currency,
       CASE r.status WHEN 'succeeded' THEN 'The refund succeeded' WHEN 'failed' THEN 'The refund was declined by the issuer'
         ELSE 'Gateway timeout' END,
       r.transaction_id,
       CASE r.status WHEN 'failed' THEN 'processing_declined' WHEN 'pending' THEN 'timeout' END,
       NULL, NULL,
       jsonb_strip_nulls(jsonb_build_object(
         'action', 'refund',
         'amount', ((r.amount * p.scale)::bigint)::text,
         'currency', p.currency,
         'order_id', p.order_number || '-' || p.identifier,
         'status', CASE r.status WHEN 'succeeded' THEN 'succeeded' WHEN 'failed' THEN 'declined' END
       )),
       CASE WHEN r.status = 'pending' THEN 30000 ELSE 200 + pg_temp.seed_roll(p.k # extract(epoch FROM r.created_at)::bigint, 'refund_duration', 1200) END,
       r.created_at
FROM seed_plan AS p
JOIN payments AS pay ON pay.identifier = p.identifier AND pay.id > ${paymentIdBefore}::integer
JOIN refunds AS r ON r.payment_id = pay.id
WHERE p.method <> 'check'
ORDER BY r.id
`;
}
