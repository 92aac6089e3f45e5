import { sql } from 'kysely';

export interface PlanBatch {
  /** The seed's `now`, ISO 8601. Every time is "seconds before now", so the same `now` gives the same rows. */
  now: string;
  /** Row keys are keyBase + i; every pseudo-random choice of row i derives from its key. */
  keyBase: number;
  /** This batch's slice [first, last] of the run's rows 1..timeline.total (pairs never cross a batch). */
  first: number;
  last: number;
  timeline: Timeline;
}

/**
 * When rows happened. Rows are in time order: rows 1..spikeFirst-1 spread from oldestAgo to just before the
 * spike window, rows spikeFirst..spikeLast crowd into the window (the failure spike), the rest spread from
 * after the window to newestAgo. All in seconds before now; each row moves by up to its spacing at random.
 */
export interface Timeline {
  total: number;
  oldestAgo: number;
  newestAgo: number;
  spikeStartsAgo: number;
  spikeEndsAgo: number;
  spikeFirst: number;
  spikeLast: number;
  spacingBefore: number;
  spacingAfter: number;
}

const DAY = 86_400;

/** The timeline of a run of `total` payments over the 30 days before now, with `spikeRows` in the window. */
export function timeline(total: number, spikeRows: number, spikeStartsAgo: number, spikeEndsAgo: number): Timeline {
  const oldestAgo = 30 * DAY - 600;
  // The second payment of an order comes up to 10 minutes later: still in the past. A spike that ends now
  // leaves no time after it.
  const newestAgo = Math.min(1800, spikeEndsAgo);
  const spanBefore = oldestAgo - (spikeStartsAgo + 10);
  const spanAfter = Math.max(0, spikeEndsAgo - newestAgo);
  const normal = total - spikeRows;
  const before = Math.round((normal * spanBefore) / (spanBefore + spanAfter));
  const after = normal - before;
  return {
    total,
    oldestAgo,
    newestAgo,
    spikeStartsAgo,
    spikeEndsAgo,
    spikeFirst: before + 1,
    spikeLast: before + spikeRows,
    spacingBefore: Math.max(1, Math.floor(spanBefore / Math.max(1, before))),
    spacingAfter: Math.max(1, Math.floor(spanAfter / Math.max(1, after))),
  };
}

/**
 * Decides everything about a batch of payments, one row per payment, into the temporary table seed_plan:
 * the order it belongs to, its customer, amounts, method, status, fraud review, gateway calls, refunds and
 * times. Set-based: one statement over generate_series; every choice is seed_roll(key, purpose).
 * The INSERT statements (orders-payments.sql.ts, refunds-log-entries.sql.ts) only copy from it.
 *
 * Times are whole seconds before `now` ("ago"): a later event has a smaller ago, and every ago stays > 0.
 */
export function buildPlanSql(p: PlanBatch) {
  const t = p.timeline;
  return sql`
CREATE TEMPORARY TABLE seed_plan ON COMMIT DROP AS
WITH
-- Where customers live: currency, city, region, postcode prefix, sales tax or VAT (basis points), and a weight
-- (how often it is picked). Countries follow the weights: about 47% US, 16% GB, 29% euro area, 8% Japan.
places AS (
  SELECT v.*, sum(v.weight) OVER (ORDER BY v.ord) - v.weight AS slot_from
  FROM (VALUES
    (1, 'US', 'USD', 'New York', 'NY', '100', 888, 26), (2, 'US', 'USD', 'Brooklyn', 'NY', '112', 888, 26),
    (3, 'US', 'USD', 'Los Angeles', 'CA', '900', 950, 26), (4, 'US', 'USD', 'San Francisco', 'CA', '941', 863, 26),
    (5, 'US', 'USD', 'San Diego', 'CA', '921', 775, 26), (6, 'US', 'USD', 'Chicago', 'IL', '606', 1025, 26),
    (7, 'US', 'USD', 'Houston', 'TX', '770', 825, 26), (8, 'US', 'USD', 'Austin', 'TX', '787', 825, 26),
    (9, 'US', 'USD', 'Seattle', 'WA', '981', 1035, 26), (10, 'US', 'USD', 'Denver', 'CO', '802', 881, 26),
    (11, 'US', 'USD', 'Boston', 'MA', '021', 625, 26), (12, 'US', 'USD', 'Atlanta', 'GA', '303', 890, 26),
    (13, 'US', 'USD', 'Miami', 'FL', '331', 700, 26), (14, 'US', 'USD', 'Portland', 'OR', '972', 0, 26),
    (15, 'US', 'USD', 'Phoenix', 'AZ', '850', 860, 26), (16, 'US', 'USD', 'Minneapolis', 'MN', '554', 903, 26),
    (17, 'US', 'USD', 'Philadelphia', 'PA', '191', 800, 26), (18, 'US', 'USD', 'Nashville', 'TN', '372', 925, 26),
    (19, 'GB', 'GBP', 'London', '', 'EC1A', 2000, 24), (20, 'GB', 'GBP', 'London', '', 'SW1A', 2000, 24),
    (21, 'GB', 'GBP', 'London', '', 'N1', 2000, 16), (22, 'GB', 'GBP', 'Manchester', '', 'M1', 2000, 16),
    (23, 'GB', 'GBP', 'Birmingham', '', 'B1', 2000, 16), (24, 'GB', 'GBP', 'Leeds', '', 'LS1', 2000, 14),
    (25, 'GB', 'GBP', 'Bristol', '', 'BS1', 2000, 14), (26, 'GB', 'GBP', 'Edinburgh', '', 'EH1', 2000, 12),
    (27, 'GB', 'GBP', 'Glasgow', '', 'G1', 2000, 12), (28, 'GB', 'GBP', 'Liverpool', '', 'L1', 2000, 12),
    (29, 'DE', 'EUR', 'Berlin', 'Berlin', '101', 1900, 20), (30, 'DE', 'EUR', 'München', 'Bayern', '803', 1900, 18),
    (31, 'DE', 'EUR', 'Hamburg', 'Hamburg', '200', 1900, 16), (32, 'DE', 'EUR', 'Köln', 'Nordrhein-Westfalen', '506', 1900, 16),
    (33, 'DE', 'EUR', 'Frankfurt am Main', 'Hessen', '603', 1900, 16), (34, 'DE', 'EUR', 'Stuttgart', 'Baden-Württemberg', '701', 1900, 14),
    (35, 'FR', 'EUR', 'Paris', 'Île-de-France', '750', 2000, 30), (36, 'FR', 'EUR', 'Lyon', 'Auvergne-Rhône-Alpes', '690', 2000, 14),
    (37, 'FR', 'EUR', 'Marseille', 'Provence-Alpes-Côte d''Azur', '130', 2000, 12), (38, 'FR', 'EUR', 'Toulouse', 'Occitanie', '310', 2000, 12),
    (39, 'FR', 'EUR', 'Bordeaux', 'Nouvelle-Aquitaine', '330', 2000, 12),
    (40, 'NL', 'EUR', 'Amsterdam', 'Noord-Holland', '10', 2100, 18), (41, 'NL', 'EUR', 'Rotterdam', 'Zuid-Holland', '30', 2100, 12),
    (42, 'NL', 'EUR', 'Utrecht', 'Utrecht', '35', 2100, 9),
    (43, 'ES', 'EUR', 'Madrid', 'Madrid', '280', 2100, 12), (44, 'ES', 'EUR', 'Barcelona', 'Barcelona', '080', 2100, 12),
    (45, 'ES', 'EUR', 'Valencia', 'Valencia', '460', 2100, 6),
    (46, 'IT', 'EUR', 'Roma', 'RM', '001', 2200, 10), (47, 'IT', 'EUR', 'Milano', 'MI', '201', 2200, 10),
    (48, 'IT', 'EUR', 'Torino', 'TO', '101', 2200, 5),
    (49, 'IE', 'EUR', 'Dublin', 'Co. Dublin', 'D02', 2300, 14), (50, 'IE', 'EUR', 'Cork', 'Co. Cork', 'T12', 2300, 6),
    (51, 'JP', 'JPY', 'Shibuya', 'Tokyo', '150', 1000, 12), (52, 'JP', 'JPY', 'Shinjuku', 'Tokyo', '160', 1000, 12),
    (53, 'JP', 'JPY', 'Minato', 'Tokyo', '105', 1000, 10), (54, 'JP', 'JPY', 'Osaka', 'Osaka', '530', 1000, 12),
    (55, 'JP', 'JPY', 'Kyoto', 'Kyoto', '600', 1000, 8), (56, 'JP', 'JPY', 'Yokohama', 'Kanagawa', '220', 1000, 10),
    (57, 'JP', 'JPY', 'Sapporo', 'Hokkaido', '060', 1000, 8), (58, 'JP', 'JPY', 'Fukuoka', 'Fukuoka', '810', 1000, 8)
  ) AS v(ord, country, currency, city, area, postal, tax_bp, weight)
),
-- One row per weight unit, so that a place is picked by an equality join on a rolled slot.
place_slots AS (
  SELECT s.slot, places.* FROM places CROSS JOIN LATERAL generate_series(slot_from, slot_from + weight - 1) AS s(slot)
),
-- What the gateway answers an authorize or purchase, by error code ('approved' for success); the same words as
-- the bogus adapter (gateways/bogus.gateway.ts) where it has them.
gateway_responses (code, message) AS (VALUES
  ('approved', 'Transaction approved'),
  ('card_declined', 'Card declined'),
  ('do_not_honor', 'Do not honor'),
  ('insufficient_funds', 'Insufficient funds'),
  ('expired_card', 'Card expired'),
  ('incorrect_cvc', 'Incorrect CVC'),
  ('fraud_suspected', 'Declined: suspected fraud'),
  ('processing_error', 'Issuer unavailable'),
  ('timeout', 'Gateway timeout'),
  ('connection_error', 'Connection reset by the gateway')
),

-- 1. Row keys. Rows i and i+1 (i odd) sometimes share an order: a first payment that failed or was superseded,
--    then a successful one. The rows of the spike window are never paired.
numbered AS MATERIALIZED (
  SELECT g.i, ${p.keyBase}::bigint + g.i AS k, h.head, ${p.keyBase}::bigint + h.head AS head_k, g.i = h.head AS is_head,
         h.head < ${t.total}::integer
           AND (h.head + 1 < ${t.spikeFirst}::integer OR h.head > ${t.spikeLast}::integer)
           AND pg_temp.seed_roll(${p.keyBase}::bigint + h.head, 'two_payment_order', 40) = 0 AS paired,
         CASE WHEN g.i BETWEEN ${t.spikeFirst}::integer AND ${t.spikeLast}::integer THEN g.i - ${t.spikeFirst}::integer END AS spike_j
  FROM generate_series(${p.first}::integer, ${p.last}::integer) AS g(i)
  CROSS JOIN LATERAL (SELECT g.i - 1 + g.i % 2 AS head) AS h
),

-- 2. The order (key ok: its first payment's key), its customer's place and its amounts in minor units; when the
--    payment was created (see Timeline; a second payment comes 1-10 minutes after the first).
keyed AS MATERIALIZED (
  SELECT n.i, n.k, o.ok, n.spike_j,
         n.paired AND n.is_head AS pair_first,
         n.paired AND NOT n.is_head AS pair_second,
         CASE WHEN n.paired THEN pg_temp.seed_roll(o.ok, 'pair_kind', 2) END AS pair_kind,
         CASE
           WHEN o.oi < ${t.spikeFirst}::integer
             THEN ${t.spikeStartsAgo + 10}::integer
                  + ((${t.spikeFirst}::bigint - o.oi) * ${t.oldestAgo - t.spikeStartsAgo - 10}::bigint) / greatest(${t.spikeFirst - 1}::integer, 1)
                  - pg_temp.seed_roll(o.ok, 'created', ${t.spacingBefore}::integer)
           WHEN o.oi <= ${t.spikeLast}::integer
             THEN ${t.spikeStartsAgo}::integer - 10
                  - ((o.oi - ${t.spikeFirst}::integer)::bigint * ${t.spikeStartsAgo - t.spikeEndsAgo - 50}::bigint)
                    / greatest(${t.spikeLast - t.spikeFirst + 1}::integer, 1)
                  - pg_temp.seed_roll(o.ok, 'created', 20)
           ELSE ${t.newestAgo}::integer
                + ((${t.total}::bigint - o.oi) * ${t.spikeEndsAgo - t.newestAgo}::bigint) / greatest(${t.total - t.spikeLast}::integer, 1)
                + pg_temp.seed_roll(o.ok, 'created', ${t.spacingAfter}::integer)
         END
         - CASE WHEN n.paired AND NOT n.is_head THEN 60 + pg_temp.seed_roll(n.k, 'retry_delay', 540) ELSE 0 END AS ago_created,
         pl.country, pl.currency, pl.city, pl.area, pl.postal, pl.tax_bp,
         CASE pl.currency WHEN 'JPY' THEN 1 ELSE 100 END AS scale,
         -- The bogus gateway declines or times out captures, voids and refunds of amounts whose minor units end
         -- in 02 or 05: totals never do, so that the demo's default capture, void and refund succeed.
         b.items + CASE WHEN (b.items + b.shipping + b.tax) % 100 IN (2, 5) THEN 1 ELSE 0 END AS item_minor,
         b.shipping AS ship_minor,
         b.tax AS tax_minor
  FROM numbered AS n
  -- The order's key and row: its first payment's.
  CROSS JOIN LATERAL (SELECT CASE WHEN n.paired THEN n.head_k ELSE n.k END AS ok,
                             CASE WHEN n.paired THEN n.head ELSE n.i END AS oi) AS o
  JOIN place_slots AS pl ON pl.slot = pg_temp.seed_roll(o.ok, 'place', (SELECT sum(weight)::integer FROM places))
  CROSS JOIN LATERAL (
    SELECT u.unit_minor, CASE WHEN u.unit_minor < 10000 THEN 1 + pg_temp.seed_roll(o.ok, 'quantity', 3) ELSE 1 END AS quantity
    FROM (SELECT CASE
      -- One order in 60 is a premium item, above the two-person approval thresholds (settings.definitions.ts).
      WHEN pg_temp.seed_roll(o.ok, 'premium', 60) = 0 THEN CASE pl.currency
        WHEN 'JPY' THEN pg_temp.seed_pick(ARRAY[198000, 298000], o.ok, 'premium_price')
        ELSE pg_temp.seed_pick(ARRAY[129900, 189900, 249900], o.ok, 'premium_price')
      END
      ELSE CASE pl.currency
      WHEN 'JPY' THEN pg_temp.seed_pick(ARRAY[1500, 2980, 3800, 4800, 6500, 9800, 15000, 29800, 49800, 98000], o.ok, 'unit_price')
      ELSE pg_temp.seed_pick(ARRAY[1250, 1999, 2450, 2999, 3499, 4500, 4999, 5999, 7900, 8999, 12000, 14999, 19999, 24900, 34999, 49900, 64900], o.ok, 'unit_price')
      END
    END AS unit_minor) AS u
  ) AS a
  CROSS JOIN LATERAL (SELECT a.unit_minor * a.quantity AS items,
    CASE
      WHEN a.unit_minor * a.quantity >= 10000 THEN 0  -- free shipping from 100 (10 000 yen)
      WHEN pl.currency = 'JPY' THEN pg_temp.seed_pick(ARRAY[500, 800, 1200], o.ok, 'shipping')
      WHEN pl.currency = 'GBP' THEN pg_temp.seed_pick(ARRAY[399, 599, 999], o.ok, 'shipping')
      ELSE pg_temp.seed_pick(ARRAY[499, 799, 1299], o.ok, 'shipping')
    END AS shipping,
    (a.unit_minor * a.quantity * pl.tax_bp + 5000) / 10000 AS tax) AS b
),

-- 3. The payment method, when the gateway was called, and how the first gateway call went:
--    waiting / input / invalid (no call), declined, error (no answer), spike_failure, or success.
--    In the spike window, 3 attempts in 4 fail with "Issuer unavailable", spread evenly (3 and 4 share no
--    factor, so j × 3 mod 4 takes every value once in 4 rows).
flows AS MATERIALIZED (
  SELECT kd.*, m.method, at.ago_attempt,
         CASE
           WHEN kd.spike_j IS NOT NULL THEN CASE WHEN (kd.spike_j * 3) % 4 < 3 THEN 'spike_failure' ELSE 'success' END
           WHEN kd.pair_first THEN CASE kd.pair_kind WHEN 0 THEN 'declined' ELSE 'invalid' END
           WHEN kd.pair_second THEN 'success'
           WHEN f.roll < 30 THEN 'waiting'
           WHEN f.roll < 50 THEN 'input'
           WHEN f.roll < 90 THEN 'invalid'
           WHEN m.method = 'check' THEN 'success'
           WHEN f.roll < 112 THEN 'declined'
           WHEN f.roll < 117 THEN 'error'
           ELSE 'success'
         END AS flow
  FROM keyed AS kd
  -- The first gateway call, 2-7 seconds after the payment was created.
  CROSS JOIN LATERAL (SELECT kd.ago_created - 2 - pg_temp.seed_roll(kd.k, 'attempt_delay', 6) AS ago_attempt) AS at
  CROSS JOIN LATERAL (SELECT pg_temp.seed_roll(kd.k, 'method', 100) AS roll) AS mr
  CROSS JOIN LATERAL (SELECT pg_temp.seed_roll(kd.k, 'flow', 1000) AS roll) AS f
  CROSS JOIN LATERAL (SELECT CASE
    WHEN kd.spike_j IS NOT NULL THEN CASE WHEN mr.roll < 65 THEN 'purchase' ELSE 'authorize' END
    -- The legacy gateway was deactivated 20 days ago: only older payments used it.
    WHEN mr.roll < 8 AND kd.ago_created > 20 * 86400 THEN 'legacy'
    WHEN mr.roll < 60 THEN 'purchase'
    WHEN mr.roll < 90 OR (kd.pair_first AND kd.pair_kind = 0) THEN 'authorize'
    ELSE 'check'
  END AS method) AS m
),

-- 4. Fraud screening of card payments the gateway accepted: mostly no fraud service (unknown); some accepted
--    (automatically, or by an analyst after review); recent ones still waiting in review; a few rejected,
--    by the gateway's fraud screen (declined) or by an analyst afterwards.
screened AS MATERIALIZED (
  SELECT fl.*, fs.fraud_status,
         fs.fraud_status = 'reject' AND pg_temp.seed_roll(fl.k, 'fraud_by_gateway', 3) = 0 AS fraud_declined,
         fr.roll < 20 AS fraud_reviewed
  FROM flows AS fl
  CROSS JOIN LATERAL (SELECT pg_temp.seed_roll(fl.k, 'fraud', 1000) AS roll) AS fr
  CROSS JOIN LATERAL (SELECT CASE
    WHEN fl.method = 'check' OR fl.flow <> 'success' OR fl.spike_j IS NOT NULL THEN 'unknown'
    WHEN fr.roll < 20 THEN 'accept'   -- by an analyst, after a review
    WHEN fr.roll < 35 THEN 'reject'
    WHEN fl.ago_created < 5 * 86400 AND pg_temp.seed_roll(fl.k, 'review', 100) < 10 THEN 'review'   -- the queue: recent ones
    WHEN fr.roll < 110 THEN 'accept'   -- automatically
    ELSE 'unknown'
  END AS fraud_status) AS fs
),

-- 5. The payment's path after the first call (for authorize-only methods: left in preauth, captured in full or
--    in part, capture declined or timed out, or voided; checks: awaiting, received or canceled), and what
--    is refunded later: full (one refund), split (two refunds), partial, pending (the refund call timed
--    out), fraud_full (an analyst rejected a captured payment) or none.
outcomes AS MATERIALIZED (
  SELECT sc.*, pa.path,
         CASE
           WHEN pa.path NOT IN ('purchased', 'captured', 'captured_partial', 'received') THEN 'none'
           WHEN sc.fraud_status = 'review' THEN 'none'
           WHEN sc.fraud_status = 'reject' THEN 'fraud_full'
           WHEN sc.ago_created < 86400 THEN 'none'
           WHEN rr.roll < 45 THEN 'full'
           WHEN rr.roll < 60 THEN 'split'
           WHEN rr.roll < 110 THEN 'partial'
           WHEN rr.roll < 118 AND sc.method <> 'check' THEN 'pending'
           ELSE 'none'
         END AS refund_kind,
         -- When the money was captured (auth-only and check payments) or released (void), if ever.
         CASE WHEN pa.path IN ('captured', 'captured_partial', 'capture_declined', 'capture_error', 'voided', 'received', 'canceled')
           THEN sc.ago_attempt - least((sc.ago_attempt * (5 + pg_temp.seed_roll(sc.k, 'settle_delay', 30))) / 100, 3 * 86400)
         END AS ago_settle
  FROM screened AS sc
  CROSS JOIN LATERAL (SELECT pg_temp.seed_roll(sc.k, 'settle', 1000) AS roll) AS st
  CROSS JOIN LATERAL (SELECT pg_temp.seed_roll(sc.k, 'refund', 1000) AS roll) AS rr
  CROSS JOIN LATERAL (SELECT CASE
    WHEN sc.flow IN ('waiting', 'input', 'invalid', 'error') THEN sc.flow
    WHEN sc.flow IN ('declined', 'spike_failure') OR sc.fraud_declined THEN 'declined'
    WHEN sc.method = 'check' THEN CASE
      WHEN sc.ago_created < 10 * 86400 AND st.roll < 450 THEN 'awaiting'
      WHEN st.roll BETWEEN 450 AND 499 THEN 'canceled'
      ELSE 'received' END
    WHEN sc.method IN ('purchase', 'legacy') THEN 'purchased'
    WHEN sc.fraud_status = 'review' THEN 'authorized'   -- cannot be captured until an analyst decides
    WHEN sc.fraud_status = 'reject' THEN 'voided'
    WHEN sc.ago_created < 7 * 86400 AND st.roll < 550 THEN 'authorized'   -- authorizations last 7 days
    WHEN st.roll BETWEEN 550 AND 599 THEN 'voided'
    WHEN st.roll BETWEEN 600 AND 607 THEN 'capture_declined'
    WHEN st.roll BETWEEN 608 AND 611 THEN 'capture_error'
    WHEN st.roll BETWEEN 612 AND 719 THEN 'captured_partial'
    ELSE 'captured'
  END AS path) AS pa
),

-- 6. Money in minor units: the status, what was captured and refunded, each refund's amount and time.
money AS MATERIALIZED (
  SELECT oc.*, st.status, c.captured_minor,
         coalesce(sp.refund1_minor, 0) + coalesce(sp.refund2_minor, 0) AS refunded_minor,
         sp.refund1_minor, sp.refund2_minor,
         -- Sometimes a first refund attempt was declined, and staff tried again.
         CASE WHEN oc.refund_kind IN ('full', 'split', 'partial') AND oc.method <> 'check'
                   AND pg_temp.seed_roll(oc.k, 'refund_declined', 10) = 0 THEN sp.refund1_minor END AS refund_failed_minor,
         CASE WHEN oc.refund_kind = 'pending' THEN c.captured_minor END AS refund_pending_minor,
         t.ago_paid, t.ago_refund1,
         (t.ago_refund1 * (10 + pg_temp.seed_roll(oc.k, 'refund2_at', 70))) / 100 AS ago_refund2,
         (t.ago_paid + t.ago_refund1) / 2 AS ago_refund_failed,
         (t.ago_paid * (2 + pg_temp.seed_roll(oc.k, 'pending_at', 40))) / 100 AS ago_refund_pending,
         CASE
           WHEN oc.refund_kind = 'fraud_full' THEN 'fraudulent'
           ELSE pg_temp.seed_pick(ARRAY['customer_request', 'customer_request', 'customer_request', 'customer_request',
             'return_processing', 'return_processing', 'return_processing', 'order_canceled', 'order_canceled', 'duplicate'],
             oc.k, 'refund_reason')
         END AS refund_reason
  FROM outcomes AS oc
  CROSS JOIN LATERAL (SELECT CASE oc.path
    WHEN 'waiting' THEN 'waiting' WHEN 'input' THEN 'input' WHEN 'invalid' THEN 'invalid'
    WHEN 'declined' THEN 'rejected' WHEN 'capture_declined' THEN 'rejected'
    WHEN 'error' THEN 'error' WHEN 'capture_error' THEN 'error'
    WHEN 'authorized' THEN 'preauth' WHEN 'awaiting' THEN 'preauth'
    WHEN 'voided' THEN 'void' WHEN 'canceled' THEN 'void'
    ELSE CASE WHEN oc.refund_kind IN ('full', 'split', 'fraud_full') THEN 'refunded' ELSE 'confirmed' END
  END AS status) AS st
  CROSS JOIN LATERAL (SELECT CASE
    WHEN oc.path IN ('purchased', 'captured', 'received') THEN oc.item_minor + oc.ship_minor + oc.tax_minor
    -- A partial capture: 50-95% of the total (not ending in 02 or 05 either); the rest is released.
    WHEN oc.path = 'captured_partial' THEN pc.amount + CASE WHEN pc.amount % 100 IN (2, 5) THEN 1 ELSE 0 END
    ELSE 0
  END AS captured_minor
  FROM (SELECT ((oc.item_minor + oc.ship_minor + oc.tax_minor) * (50 + pg_temp.seed_roll(oc.k, 'partial_capture', 46))) / 100
    AS amount) AS pc) AS c
  CROSS JOIN LATERAL (SELECT
    CASE oc.refund_kind
      WHEN 'full' THEN c.captured_minor WHEN 'fraud_full' THEN c.captured_minor
      WHEN 'split' THEN (c.captured_minor * (30 + pg_temp.seed_roll(oc.k, 'refund_split', 41))) / 100
      -- 10-70% of the capture, leaving a remainder that can be refunded in the demo.
      WHEN 'partial' THEN pr.amount + CASE WHEN (c.captured_minor - pr.amount) % 100 IN (2, 5) THEN 1 ELSE 0 END
    END AS refund1_minor,
    CASE WHEN oc.refund_kind = 'split'
      THEN c.captured_minor - (c.captured_minor * (30 + pg_temp.seed_roll(oc.k, 'refund_split', 41))) / 100
    END AS refund2_minor
    FROM (SELECT (c.captured_minor * (10 + pg_temp.seed_roll(oc.k, 'refund_part', 61))) / 100 AS amount) AS pr) AS sp
  -- The first refund comes 21-90% of the way from the capture to now; a second one later still.
  CROSS JOIN LATERAL (SELECT p.ago_paid, (p.ago_paid * (10 + pg_temp.seed_roll(oc.k, 'refund1_at', 70))) / 100 AS ago_refund1
    FROM (SELECT coalesce(oc.ago_settle, oc.ago_attempt) AS ago_paid) AS p) AS t
)

-- 7. Everything the INSERTs need, with the customer (from the order key, shared by an order's payments),
--    card data (brand, last four, expiry: never more), gateway messages, notes and the last change.
SELECT
  m.i, m.k, m.ok, m.pair_second, m.method, m.status, m.path, m.flow, m.refund_kind,
  pg_temp.seed_identifier(m.k)::char(8) AS identifier,
  pg_temp.seed_order_number(m.ok) AS order_number,
  m.currency, m.scale, m.item_minor, m.ship_minor, m.tax_minor, m.item_minor + m.ship_minor + m.tax_minor AS total_minor,
  m.captured_minor, m.refunded_minor, m.refund1_minor, m.refund2_minor, m.refund_failed_minor, m.refund_pending_minor,
  m.ago_created, m.ago_attempt, m.ago_settle, m.ago_refund1, m.ago_refund2, m.ago_refund_failed, m.ago_refund_pending,
  -- The order: created while the customer filled the cart; canceled after a fraud rejection, some voids, and
  -- refunds given because the order was canceled.
  m.ago_created + 60 + pg_temp.seed_roll(m.ok, 'cart_time', 840) AS order_ago_created,
  m.fraud_status = 'reject'
    OR (m.status = 'void' AND pg_temp.seed_roll(m.k, 'void_cancels_order', 2) = 0)
    OR (m.status = 'refunded' AND m.refund_reason = 'order_canceled') AS cancels_order,
  -- The payment's last change: its last event (LEAST skips the NULLs of events that did not happen).
  least(
    m.ago_created - CASE m.path WHEN 'input' THEN 40 WHEN 'invalid' THEN 600 ELSE 0 END,
    CASE WHEN m.method <> 'check' AND m.flow NOT IN ('waiting', 'input', 'invalid') THEN m.ago_attempt END,
    m.ago_settle,
    CASE WHEN m.refund1_minor IS NOT NULL THEN m.ago_refund1 END,
    CASE WHEN m.refund2_minor IS NOT NULL THEN m.ago_refund2 END,
    CASE WHEN m.refund_pending_minor IS NOT NULL THEN m.ago_refund_pending END,
    CASE WHEN m.fraud_reviewed AND m.fraud_status = 'accept' THEN (m.ago_attempt * 3) / 4 END
  ) AS ago_modified,

  -- Fraud screening.
  m.fraud_status,
  CASE m.fraud_status
    WHEN 'review' THEN pg_temp.seed_pick(ARRAY[
      'Flagged for review: billing country differs from the IP address''s country',
      'Flagged for review: high order value for a first-time customer',
      'Flagged for review: 4 cards tried in 10 minutes from one device',
      'Flagged for review: email address created in the last 24 hours',
      'Flagged for review: shipping address is a freight forwarder'], m.k, 'fraud_message')
    WHEN 'reject' THEN CASE WHEN m.fraud_declined
      THEN 'Declined by the fraud screen: risk score above the threshold'
      ELSE pg_temp.seed_pick(ARRAY[
        'Rejected after review: the card was reported stolen',
        'Rejected after review: the customer could not confirm the order',
        'Rejected after review: 6 cards tried in 5 minutes'], m.k, 'fraud_message') END
    WHEN 'accept' THEN CASE WHEN m.fraud_reviewed
      THEN pg_temp.seed_pick(ARRAY[
        'Accepted after review: the customer confirmed by phone',
        'Accepted after review: returning customer, known address',
        'Accepted after review: 3-D Secure authentication passed'], m.k, 'fraud_message')
      ELSE 'Passed automatic fraud screening' END
    ELSE ''
  END AS fraud_message,
  CASE m.fraud_status
    WHEN 'review' THEN 55 + pg_temp.seed_roll(m.k, 'risk', 31)
    WHEN 'reject' THEN 86 + pg_temp.seed_roll(m.k, 'risk', 14)
    WHEN 'accept' THEN CASE WHEN m.fraud_reviewed THEN 40 + pg_temp.seed_roll(m.k, 'risk', 30) ELSE 2 + pg_temp.seed_roll(m.k, 'risk', 35) END
  END AS risk_score,

  -- The customer (billing details), from the order key.
  m.country, m.city, m.area,
  CASE m.country
    WHEN 'GB' THEN m.postal || ' ' || (1 + pg_temp.seed_roll(m.ok, 'postcode', 9)) || c.letter1 || c.letter2
    WHEN 'NL' THEN m.postal || lpad(pg_temp.seed_roll(m.ok, 'postcode', 100)::text, 2, '0') || ' ' || c.letter1 || c.letter2
    WHEN 'IE' THEN m.postal || ' ' || c.letter1 || lpad(pg_temp.seed_roll(m.ok, 'postcode', 1000)::text, 3, '0')
    WHEN 'JP' THEN m.postal || '-' || lpad(pg_temp.seed_roll(m.ok, 'postcode', 10000)::text, 4, '0')
    ELSE m.postal || lpad(pg_temp.seed_roll(m.ok, 'postcode', 100)::text, 2, '0')
  END AS postcode,
  CASE c.locale
    WHEN 'en' THEN c.house || ' ' || pg_temp.seed_pick(CASE m.country WHEN 'US'
      THEN ARRAY['Maple Street', 'Oak Avenue', 'Cedar Lane', 'Park Road', 'Washington Avenue', 'Lakeview Drive',
                 'Sunset Boulevard', 'Elm Street', 'Highland Avenue', 'Mill Road', 'Pine Street', 'Madison Avenue']
      ELSE ARRAY['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Mill Lane', 'King Street',
                 'The Crescent', 'Park Avenue', 'Queen''s Road', 'Grafton Street'] END, m.ok, 'street')
    WHEN 'de' THEN pg_temp.seed_pick(ARRAY['Hauptstraße', 'Bahnhofstraße', 'Gartenweg', 'Schillerstraße', 'Lindenallee',
      'Goethestraße', 'Berliner Straße'], m.ok, 'street') || ' ' || c.small_house
    WHEN 'fr' THEN c.small_house || ' ' || pg_temp.seed_pick(ARRAY['rue de la République', 'avenue Victor Hugo',
      'boulevard Voltaire', 'rue du Faubourg Saint-Antoine', 'place de la Bourse', 'rue Nationale'], m.ok, 'street')
    WHEN 'nl' THEN pg_temp.seed_pick(ARRAY['Prinsengracht', 'Keizersgracht', 'Dorpsstraat', 'Kerkstraat', 'Stationsweg'],
      m.ok, 'street') || ' ' || c.small_house
    WHEN 'es' THEN pg_temp.seed_pick(ARRAY['Calle Mayor', 'Gran Vía', 'Calle de Alcalá', 'Avenida Diagonal', 'Calle del Sol'],
      m.ok, 'street') || ', ' || c.small_house
    WHEN 'it' THEN pg_temp.seed_pick(ARRAY['Via Roma', 'Via Garibaldi', 'Corso Italia', 'Via Dante', 'Via Mazzini'],
      m.ok, 'street') || ' ' || c.small_house
    ELSE (1 + pg_temp.seed_roll(m.ok, 'chome', 5)) || '-' || (1 + pg_temp.seed_roll(m.ok, 'ban', 20)) || '-' || c.small_house
      || ' ' || pg_temp.seed_pick(ARRAY['Jingumae', 'Dogenzaka', 'Honcho', 'Chuo', 'Sakuragaoka', 'Nishi'], m.ok, 'street')
  END AS address_1,
  CASE WHEN pg_temp.seed_roll(m.ok, 'address_2', 5) = 0 THEN CASE m.country
    WHEN 'US' THEN 'Apt ' || (1 + pg_temp.seed_roll(m.ok, 'flat', 40)) || c.letter1
    WHEN 'GB' THEN 'Flat ' || (1 + pg_temp.seed_roll(m.ok, 'flat', 40))
    WHEN 'IE' THEN 'Apartment ' || (1 + pg_temp.seed_roll(m.ok, 'flat', 40))
    WHEN 'FR' THEN 'Bâtiment ' || c.letter1
    ELSE '' END ELSE '' END AS address_2,
  c.first_name, c.last_name,
  translate(lower(c.first_name), 'äöüßéèêëàâîïôûçñíóáúÁ''', 'aouseeeeaaiioucnioaua')
    || CASE pg_temp.seed_roll(m.ok, 'email_style', 3)
         WHEN 0 THEN '.' WHEN 1 THEN '_' ELSE '' END
    || translate(lower(c.last_name), 'äöüßéèêëàâîïôûçñíóáúÁ'' ', 'aouseeeeaaiioucnioaua')
    || CASE WHEN pg_temp.seed_roll(m.ok, 'email_number', 4) = 0 THEN (10 + pg_temp.seed_roll(m.ok, 'email_digits', 90))::text ELSE '' END
    || '@' || pg_temp.seed_pick(ARRAY['example.com', 'example.com', 'example.net', 'example.org', 'mail.example', 'inbox.example'],
         m.ok, 'email_domain') AS email,
  CASE WHEN pg_temp.seed_roll(m.ok, 'ip_version', 100) < 12
    THEN '2001:db8:' || to_hex(pg_temp.seed_roll(m.ok, 'ip6_a', 65536)) || '::' || to_hex(pg_temp.seed_roll(m.ok, 'ip6_b', 65536))
    ELSE pg_temp.seed_pick(ARRAY['192.0.2', '198.51.100', '203.0.113'], m.ok, 'ip4_net') || '.' || (1 + pg_temp.seed_roll(m.ok, 'ip4_host', 254))
  END AS ip,
  pg_temp.seed_pick(ARRAY['web', 'web', 'web', 'mobile_app'], m.ok, 'channel') AS channel,

  -- The card, for card payments that reached the gateway (the customer had entered it).
  cd.has_card,
  CASE WHEN cd.has_card THEN CASE
    WHEN m.country = 'JP' AND pg_temp.seed_roll(m.k, 'jcb', 100) < 35 THEN 'jcb'
    ELSE pg_temp.seed_pick(ARRAY['visa', 'visa', 'visa', 'visa', 'visa', 'visa', 'visa', 'visa', 'visa', 'visa', 'visa',
      'mastercard', 'mastercard', 'mastercard', 'mastercard', 'mastercard', 'mastercard', 'amex', 'amex', 'discover'], m.k, 'brand')
  END END AS card_brand,
  CASE WHEN cd.has_card THEN lpad(pg_temp.seed_roll(m.k, 'last4', 10000)::text, 4, '0') END AS card_last4,
  CASE WHEN cd.has_card THEN 1 + pg_temp.seed_roll(m.k, 'exp_month', 12) END AS card_exp_month,
  CASE WHEN cd.has_card THEN extract(year FROM ${p.now}::timestamptz)::integer + 1 + pg_temp.seed_roll(m.k, 'exp_year', 5) END AS card_exp_year,
  -- The gateway's references, as the bogus adapter makes them: AUTH-, PUR-, CAP- and 12 hex digits.
  CASE WHEN cd.has_card AND m.path NOT IN ('declined', 'error')
    THEN CASE m.method WHEN 'authorize' THEN 'AUTH-' ELSE 'PUR-' END || pg_temp.seed_reference(m.k, 'transaction')
  END AS transaction_id,

  -- Gateway calls: the first (authorize or purchase), then a capture or void for authorize-only payments.
  CASE WHEN cd.has_card THEN CASE m.method WHEN 'authorize' THEN 'authorize' ELSE 'purchase' END END AS attempt_action,
  ac.code AS attempt_code,
  CASE WHEN ac.code = 'approved' AND m.fraud_status = 'review' THEN 'Transaction approved; held for fraud review'
       ELSE ar.message END AS attempt_message,
  CASE WHEN ac.code IN ('timeout', 'connection_error') THEN 30000
       WHEN ac.code = 'processing_error' THEN 2500 + pg_temp.seed_roll(m.k, 'duration', 5000)
       ELSE 180 + pg_temp.seed_roll(m.k, 'duration', 1100) END AS attempt_duration_ms,
  CASE WHEN ac.code IN ('approved', 'card_declined', 'do_not_honor', 'insufficient_funds', 'expired_card', 'incorrect_cvc', 'fraud_suspected')
    THEN pg_temp.seed_pick(ARRAY['Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Z', 'Z', 'A', 'N', 'U'], m.k, 'avs')
  END AS avs_result,
  CASE WHEN ac.code = 'incorrect_cvc' THEN 'N'
       WHEN ac.code IN ('approved', 'card_declined', 'do_not_honor', 'insufficient_funds', 'expired_card', 'fraud_suspected')
         THEN pg_temp.seed_pick(ARRAY['M', 'M', 'M', 'M', 'M', 'M', 'M', 'M', 'M', 'M', 'M', 'M', 'M', 'M', 'M', 'M', 'M', 'M', 'P'], m.k, 'cvv')
  END AS cvv_result,
  CASE WHEN cd.has_card THEN CASE
    WHEN m.path IN ('captured', 'captured_partial', 'capture_declined', 'capture_error') THEN 'capture'
    WHEN m.path = 'voided' THEN 'void' END END AS settle_action,
  sc.code AS settle_code, sc.message AS settle_message,
  CASE WHEN m.path IN ('captured', 'captured_partial') THEN 'CAP-' || pg_temp.seed_reference(m.k, 'capture') END AS capture_reference,
  CASE WHEN sc.code = 'timeout' THEN 30000 ELSE 150 + pg_temp.seed_roll(m.k, 'settle_duration', 900) END AS settle_duration_ms,
  -- The payment's message: the answer to its last gateway call.
  CASE WHEN NOT cd.has_card THEN ''
       WHEN ac.code = 'approved' AND m.fraud_status = 'review' THEN 'Transaction approved; held for fraud review'
       ELSE coalesce(sc.message, ar.message) END AS message,

  -- Refunds: the reason, and a note from staff sometimes.
  m.refund_reason,
  CASE m.refund_reason
    WHEN 'fraudulent' THEN pg_temp.seed_pick(ARRAY['Fraud review: rejected', 'Cardholder reported the card stolen'], m.k, 'refund_note')
    WHEN 'customer_request' THEN pg_temp.seed_pick(ARRAY['', '', 'Customer changed their mind', 'Customer asked by phone to cancel',
      'Ordered the wrong size'], m.k, 'refund_note')
    WHEN 'return_processing' THEN pg_temp.seed_pick(ARRAY['', 'Return received in good condition',
      'Item arrived damaged, return accepted', 'Partial return: one item kept'], m.k, 'refund_note')
    WHEN 'order_canceled' THEN pg_temp.seed_pick(ARRAY['', 'Out of stock, order canceled', 'Canceled before shipping'], m.k, 'refund_note')
    ELSE pg_temp.seed_pick(ARRAY['', 'Charged twice at checkout'], m.k, 'refund_note')
  END AS refund_note
FROM money AS m
-- Names by the customer's language; two letters and house numbers for addresses and postcodes.
CROSS JOIN LATERAL (SELECT
  l.locale,
  CASE l.locale
    WHEN 'de' THEN pg_temp.seed_pick(ARRAY['Lukas', 'Anna', 'Leon', 'Mia', 'Finn', 'Emilia', 'Paul', 'Hannah', 'Jonas', 'Lena',
      'Felix', 'Marie', 'Maximilian', 'Sophie'], m.ok, 'first_name')
    WHEN 'fr' THEN pg_temp.seed_pick(ARRAY['Louis', 'Emma', 'Gabriel', 'Jade', 'Léo', 'Louise', 'Raphaël', 'Alice', 'Arthur',
      'Chloé', 'Hugo', 'Camille', 'Jules', 'Léa'], m.ok, 'first_name')
    WHEN 'nl' THEN pg_temp.seed_pick(ARRAY['Daan', 'Emma', 'Sem', 'Julia', 'Lucas', 'Tess', 'Levi', 'Sophie', 'Finn', 'Anna',
      'Milan', 'Zoë'], m.ok, 'first_name')
    WHEN 'es' THEN pg_temp.seed_pick(ARRAY['Hugo', 'Lucía', 'Martín', 'Sofía', 'Daniel', 'Martina', 'Pablo', 'María',
      'Alejandro', 'Paula', 'Álvaro', 'Valeria'], m.ok, 'first_name')
    WHEN 'it' THEN pg_temp.seed_pick(ARRAY['Leonardo', 'Sofia', 'Francesco', 'Giulia', 'Alessandro', 'Aurora', 'Lorenzo',
      'Alice', 'Mattia', 'Ginevra', 'Tommaso', 'Emma'], m.ok, 'first_name')
    WHEN 'ja' THEN pg_temp.seed_pick(ARRAY['Haruto', 'Yui', 'Sota', 'Hina', 'Yuto', 'Aoi', 'Riku', 'Sakura', 'Hinata', 'Mei',
      'Ren', 'Yuna'], m.ok, 'first_name')
    ELSE pg_temp.seed_pick(ARRAY['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'James', 'Sophia', 'William', 'Isabella', 'Benjamin',
      'Mia', 'Lucas', 'Charlotte', 'Henry', 'Amelia', 'Alexander', 'Harper', 'Daniel', 'Evelyn', 'Jack', 'Grace', 'Samuel',
      'Chloe', 'Ethan', 'Priya', 'Mohammed', 'Aisha', 'Wei', 'Carlos', 'Maria'], m.ok, 'first_name')
  END AS first_name,
  CASE l.locale
    WHEN 'de' THEN pg_temp.seed_pick(ARRAY['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker',
      'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Wolf', 'Schröder'], m.ok, 'last_name')
    WHEN 'fr' THEN pg_temp.seed_pick(ARRAY['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand',
      'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel'], m.ok, 'last_name')
    WHEN 'nl' THEN pg_temp.seed_pick(ARRAY['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Visser',
      'Smit', 'Meijer', 'de Boer', 'Mulder', 'Bos'], m.ok, 'last_name')
    WHEN 'es' THEN pg_temp.seed_pick(ARRAY['García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez',
      'Pérez', 'Gómez', 'Martín', 'Jiménez', 'Ruiz'], m.ok, 'last_name')
    WHEN 'it' THEN pg_temp.seed_pick(ARRAY['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci',
      'Marino', 'Greco', 'Bruno', 'Gallo'], m.ok, 'last_name')
    WHEN 'ja' THEN pg_temp.seed_pick(ARRAY['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura',
      'Kobayashi', 'Kato', 'Yoshida', 'Yamada'], m.ok, 'last_name')
    ELSE pg_temp.seed_pick(ARRAY['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Wilson',
      'Anderson', 'Taylor', 'Thomas', 'Moore', 'Martin', 'Jackson', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis',
      'Walker', 'Hall', 'Young', 'King', 'Wright', 'Patel', 'Nguyen', 'Kim', 'O''Brien', 'Murphy', 'Kelly', 'Evans',
      'Roberts', 'Hughes'], m.ok, 'last_name')
  END AS last_name,
  substr('ABDEFGHJLNPQRSTUWXYZ', 1 + pg_temp.seed_roll(m.ok, 'letter1', 20), 1) AS letter1,
  substr('ABDEFGHJLNPQRSTUWXYZ', 1 + pg_temp.seed_roll(m.ok, 'letter2', 20), 1) AS letter2,
  (1 + pg_temp.seed_roll(m.ok, 'house', CASE WHEN m.country = 'US' THEN 9899 ELSE 199 END))::text AS house,
  (1 + pg_temp.seed_roll(m.ok, 'house', 120))::text AS small_house
  FROM (SELECT CASE m.country WHEN 'DE' THEN 'de' WHEN 'FR' THEN 'fr' WHEN 'NL' THEN 'nl' WHEN 'ES' THEN 'es'
    WHEN 'IT' THEN 'it' WHEN 'JP' THEN 'ja' ELSE 'en' END AS locale) AS l
) AS c
CROSS JOIN LATERAL (SELECT m.method <> 'check' AND m.flow NOT IN ('waiting', 'input', 'invalid') AS has_card) AS cd
-- The first call's answer, and the capture's or void's.
CROSS JOIN LATERAL (SELECT CASE
  WHEN NOT cd.has_card THEN NULL
  WHEN m.flow = 'spike_failure' THEN 'processing_error'
  WHEN m.flow = 'error' THEN pg_temp.seed_pick(ARRAY['timeout', 'timeout', 'connection_error'], m.k, 'error_code')
  WHEN m.fraud_declined THEN 'fraud_suspected'
  WHEN m.flow = 'declined' THEN pg_temp.seed_pick(ARRAY['card_declined', 'card_declined', 'card_declined', 'insufficient_funds',
    'insufficient_funds', 'do_not_honor', 'expired_card', 'incorrect_cvc'], m.k, 'decline_code')
  ELSE 'approved'
END AS code) AS ac
LEFT JOIN gateway_responses AS ar ON ar.code = ac.code
CROSS JOIN LATERAL (SELECT
  CASE WHEN cd.has_card THEN CASE m.path
    WHEN 'captured' THEN 'approved' WHEN 'captured_partial' THEN 'approved' WHEN 'voided' THEN 'approved'
    WHEN 'capture_declined' THEN 'processing_declined' WHEN 'capture_error' THEN 'timeout' END END AS code,
  CASE WHEN cd.has_card THEN CASE m.path
    WHEN 'captured' THEN 'The capture succeeded' WHEN 'captured_partial' THEN 'The capture succeeded'
    WHEN 'voided' THEN 'The void succeeded'
    WHEN 'capture_declined' THEN 'The capture was declined by the issuer' WHEN 'capture_error' THEN 'Gateway timeout' END END AS message
) AS sc
ORDER BY m.i
`;
}
