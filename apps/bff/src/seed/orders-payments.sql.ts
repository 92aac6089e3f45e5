import { sql } from 'kysely';
import type { DemoMethodKind } from './reference-data.ts';

/** "now minus <column> seconds", for the plan's ago_* columns. */
const ago = (now: string, column: string) => sql`${now}::timestamptz - ${sql.ref(column)} * interval '1 second'`;

/**
 * One order per plan row that starts an order (a second payment shares its first payment's order). Amounts come
 * from minor units; payment_total and payment_state are derived from the order's payments exactly as
 * product.md says (and as derivePaymentState in @paydesk/domain does), in the same order of checks: none
 * for carts, canceled orders by the money they hold, complete ones by total − captured.
 */
export function insertOrdersSql(now: string) {
  return sql`
INSERT INTO orders
  (number, email, currency, item_total, shipment_total, tax_total, total, state, payment_total, payment_state,
   completed_at, created_at, updated_at)
SELECT
  h.order_number, h.email, h.currency,
  h.item_minor::numeric / h.scale, h.ship_minor::numeric / h.scale, h.tax_minor::numeric / h.scale,
  h.total_minor::numeric / h.scale,
  s.state,
  a.paid_minor::numeric / h.scale,
  CASE
    WHEN s.state = 'cart' THEN NULL
    WHEN s.state = 'canceled' AND a.paid_minor > 0 THEN 'credit_owed'
    WHEN s.state = 'canceled' THEN 'void'
    WHEN NOT a.has_valid_payment AND h.total_minor - a.captured_minor <> 0 THEN 'failed'
    WHEN h.total_minor - a.captured_minor > 0 THEN 'balance_due'
    WHEN h.total_minor - a.captured_minor < 0 THEN 'credit_owed'
    ELSE 'paid'
  END,
  -- Completed when its last payment was submitted; carts are not completed.
  CASE WHEN s.state <> 'cart' THEN ${now}::timestamptz - (a.last_ago_created - 5) * interval '1 second' END,
  ${ago(now, 'h.order_ago_created')},
  ${now}::timestamptz - a.last_ago_modified * interval '1 second'
FROM seed_plan AS h
JOIN (
  -- The order's payments (one, or two for a retried order).
  SELECT ok,
         sum(captured_minor - refunded_minor) AS paid_minor,
         sum(captured_minor) AS captured_minor,
         -- Valid: not rejected, void or invalid; a payment in error counts while its captured money is there.
         bool_or(status NOT IN ('rejected', 'error', 'void', 'invalid') OR (status = 'error' AND captured_minor > 0))
           AS has_valid_payment,
         bool_or(cancels_order) AS canceled,
         bool_and(status IN ('waiting', 'input', 'invalid')) AS checkout_only,
         min(ago_created) AS last_ago_created,
         min(ago_modified) AS last_ago_modified
  FROM seed_plan
  GROUP BY ok
) AS a ON a.ok = h.ok
-- Canceled after a fraud rejection, a void or an "order canceled" refund; still a cart while its only payments
-- are waiting, being entered or abandoned; otherwise complete.
CROSS JOIN LATERAL (SELECT CASE
  WHEN a.canceled THEN 'canceled'
  WHEN a.checkout_only THEN 'cart'
  ELSE 'complete'
END AS state) AS s
WHERE NOT h.pair_second
ORDER BY h.i
`;
}

/** The payments, each joined to its order by number (only among orders inserted after orderIdBefore). */
export function insertPaymentsSql(now: string, orderIdBefore: number, methodIds: Record<DemoMethodKind, number>) {
  return sql`
INSERT INTO payments
  (identifier, order_id, payment_method_id, description, status, fraud_status, fraud_message, risk_score,
   currency, total, tax, delivery, captured_amount, refunded_amount,
   billing_first_name, billing_last_name, billing_address_1, billing_address_2, billing_city, billing_postcode,
   billing_country_code, billing_country_area, billing_email, customer_ip_address, customer_ip_country,
   card_brand, card_last4, card_exp_month, card_exp_year, transaction_id, message, extra_data, created_at, modified_at)
SELECT
  p.identifier, o.id,
  CASE p.method
    WHEN 'purchase' THEN ${methodIds.purchase}::integer
    WHEN 'authorize' THEN ${methodIds.authorize}::integer
    WHEN 'check' THEN ${methodIds.check}::integer
    ELSE ${methodIds.legacy}::integer
  END,
  'Order ' || p.order_number,
  p.status, p.fraud_status, p.fraud_message, p.risk_score,
  p.currency, p.total_minor::numeric / p.scale, p.tax_minor::numeric / p.scale, p.ship_minor::numeric / p.scale,
  p.captured_minor::numeric / p.scale, p.refunded_minor::numeric / p.scale,
  p.first_name, p.last_name, p.address_1, p.address_2, p.city, p.postcode,
  p.country, p.area, p.email, p.ip::inet,
  -- The IP's country: the billing country, but often elsewhere for payments the fraud screen flagged.
  CASE WHEN p.fraud_message LIKE '%country differs%'
         OR (p.fraud_status IN ('review', 'reject') AND pg_temp.seed_roll(p.k, 'ip_country', 3) = 0)
    THEN pg_temp.seed_pick(ARRAY['NG', 'RU', 'BR', 'VN', 'ID', 'UA'], p.k, 'ip_country')
    ELSE p.country
  END,
  p.card_brand, p.card_last4, p.card_exp_month, p.card_exp_year, p.transaction_id, p.message,
  jsonb_build_object('channel', p.channel),
  ${ago(now, 'p.ago_created')},
  ${ago(now, 'p.ago_modified')}
FROM seed_plan AS p
JOIN orders AS o ON o.number = p.order_number AND o.id > ${orderIdBefore}::integer
ORDER BY p.i
`;
}
