import { createHash } from 'node:crypto';
import Decimal from 'decimal.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FRAUD_STATUSES,
  Money,
  PAYMENT_STATUSES,
  derivePaymentState,
  isPaymentIdentifier,
  minorUnits,
  type OrderState,
  type PaymentStatus,
} from '@paydesk/domain';
import { verifyPassword } from '../src/auth/passwords.ts';
import type { Db } from '../src/db/database.ts';
import { DEMO_PASSWORD, DEMO_STAFF, demoSpikeWindow, seedDemoData, type SeedSummary } from '../src/seed/seed.ts';
import { SETTINGS } from '../src/settings/settings.definitions.ts';
import { openTestDatabase } from './harness.ts';

interface TestDatabase {
  db: Db;
  dispose(): Promise<void>;
}
async function freshDatabase(): Promise<TestDatabase> {
  const handle = await openTestDatabase();
  return { db: handle.db, dispose: () => handle.close() };
}

const NOW = new Date('2025-06-15T12:00:00.000Z');
const PAYMENTS = 2000;
const DAY = 86_400_000;

async function count(db: Db, query: string): Promise<number> {
  const { rows } = await sql.raw<{ n: number | string }>(query).execute(db);
  return Number(rows[0]?.n);
}

/** A digest of every seeded table, with ids replaced by natural keys and without password hashes. */
async function digest(db: Db): Promise<string> {
  const queries = [
    `SELECT to_jsonb(t) - 'id' AS r, t.name AS key FROM payment_methods t`,
    `SELECT to_jsonb(t) - 'id' AS r, t.code AS key FROM refund_reasons t`,
    `SELECT to_jsonb(t) AS r, t.key AS key FROM settings t`,
    `SELECT jsonb_build_array(t.email, t.full_name, t.role, t.active) AS r, t.email AS key FROM staff_users t`,
    `SELECT to_jsonb(t) - 'id' AS r, t.number AS key FROM orders t`,
    `SELECT to_jsonb(t) - 'id' - 'order_id' - 'payment_method_id' || jsonb_build_object('order', o.number, 'method', pm.name) AS r,
            t.identifier AS key
       FROM payments t JOIN orders o ON o.id = t.order_id JOIN payment_methods pm ON pm.id = t.payment_method_id`,
    `SELECT to_jsonb(t) - 'id' - 'payment_id' - 'reason_id' || jsonb_build_object('payment', p.identifier, 'reason', rr.code) AS r,
            p.identifier || t.created_at::text || t.status AS key
       FROM refunds t JOIN payments p ON p.id = t.payment_id JOIN refund_reasons rr ON rr.id = t.reason_id`,
    `SELECT to_jsonb(t) - 'id' - 'payment_id' - 'refund_id' - 'payment_method_id'
              || jsonb_build_object('payment', p.identifier, 'refund', r.created_at, 'method', pm.name) AS r,
            p.identifier || t.created_at::text || t.action AS key
       FROM log_entries t JOIN payments p ON p.id = t.payment_id JOIN payment_methods pm ON pm.id = t.payment_method_id
       LEFT JOIN refunds r ON r.id = t.refund_id`,
  ];
  const hash = createHash('sha256');
  for (const query of queries) {
    const { rows } = await sql
      .raw<{ digest: string; n: number }>(
        `SELECT md5(string_agg(r::text, E'\\n' ORDER BY key, r::text)) AS digest, count(*) AS n FROM (${query}) AS q`,
      )
      .execute(db);
    hash.update(`${rows[0]?.n}:${rows[0]?.digest}\n`);
  }
  return hash.digest('hex');
}

interface PaymentRecord {
  id: number;
  identifier: string;
  order_id: number;
  method_type: string;
  auto_capture: boolean | null;
  status: PaymentStatus;
  fraud_status: string;
  fraud_message: string;
  risk_score: number | null;
  currency: string;
  total: string;
  tax: string;
  delivery: string;
  captured_amount: string;
  refunded_amount: string;
  billing_first_name: string;
  billing_email: string;
  billing_country_code: string | null;
  card_brand: string | null;
  card_last4: string | null;
  card_exp_month: number | null;
  card_exp_year: number | null;
  transaction_id: string | null;
  created_at: Date;
  modified_at: Date;
  log_entries: number;
  succeeded_refunds: string | null;
}

describe('seedDemoData', () => {
  let main: TestDatabase;
  let summary: SeedSummary;
  let payments: PaymentRecord[];

  beforeAll(async () => {
    main = await freshDatabase();
    summary = await seedDemoData(main.db, { payments: PAYMENTS, demoStaff: true, now: NOW });
    const { rows } = await sql<PaymentRecord>`
      SELECT p.*, pm.type AS method_type, pm.auto_capture,
             (SELECT count(*) FROM log_entries le WHERE le.payment_id = p.id) AS log_entries,
             (SELECT sum(r.amount) FROM refunds r WHERE r.payment_id = p.id AND r.status = 'succeeded') AS succeeded_refunds
      FROM payments p JOIN payment_methods pm ON pm.id = p.payment_method_id
    `.execute(main.db);
    payments = rows.map((r) => ({ ...r, log_entries: Number(r.log_entries) }));
  });
  afterAll(async () => {
    await main?.dispose();
  });

  it('reports what it created, and creates the requested payments with their orders', async () => {
    const db = main.db;
    expect(summary).toEqual({
      paymentMethods: 5,
      orders: await count(db, 'SELECT count(*) AS n FROM orders'),
      payments: PAYMENTS,
      logEntries: await count(db, 'SELECT count(*) AS n FROM log_entries'),
      refunds: await count(db, 'SELECT count(*) AS n FROM refunds'),
      staffUsers: 5,
    });
    expect(payments).toHaveLength(PAYMENTS);
    // One order per payment, except the orders whose first attempt failed or was superseded.
    expect(summary.orders).toBeLessThan(PAYMENTS);
    expect(summary.orders).toBeGreaterThan(PAYMENTS * 0.95);
    expect(
      await count(
        db,
        `SELECT count(*) AS n FROM (SELECT order_id FROM payments GROUP BY order_id HAVING count(*) = 2) q`,
      ),
    ).toBe(PAYMENTS - summary.orders);
    expect(summary.refunds).toBeGreaterThan(50);
    expect(summary.logEntries).toBeGreaterThan(PAYMENTS);
  });

  it('writes the reference data and the demo staff, who sign in with the demo password', async () => {
    const db = main.db;
    const methods = await db.selectFrom('payment_methods').selectAll().orderBy('id').execute();
    expect(methods.map((m) => [m.name, m.type, m.auto_capture, m.active])).toEqual([
      ['Credit card', 'bogus', true, true],
      ['Credit card (authorize only)', 'bogus', false, true],
      ['Check', 'check', null, true],
      ['Legacy card gateway', 'bogus', true, false],
      ['Carrier billing', 'carrier', true, true],
    ]);
    const products = await db
      .selectFrom('products')
      .select(['name', 'price', 'currency', 'active'])
      .orderBy('id')
      .execute();
    expect(products.map((p) => p.name)).toContain('Premium ringtone pack');
    expect(products.filter((p) => !p.active)).toHaveLength(1);
    for (const method of methods) expect(JSON.stringify(method.preferences)).not.toMatch(/secret|password|key/i);
    const reasons = await db.selectFrom('refund_reasons').select(['name', 'code']).orderBy('code').execute();
    expect(reasons).toEqual([
      { name: 'Customer request', code: 'customer_request' },
      { name: 'Duplicate', code: 'duplicate' },
      { name: 'Fraudulent', code: 'fraudulent' },
      { name: 'Order canceled', code: 'order_canceled' },
      { name: 'Return processing', code: 'return_processing' },
    ]);
    const settings = await db.selectFrom('settings').select(['key', 'value']).orderBy('key').execute();
    expect(settings).toEqual([
      { key: 'demo_staff', value: true },
      { key: 'store_default_auto_capture', value: false },
    ]);

    const staff = await db.selectFrom('staff_users').selectAll().orderBy('id').execute();
    expect(staff.map((s) => ({ email: s.email, full_name: s.full_name, role: s.role }))).toEqual(DEMO_STAFF);
    expect(new Set(staff.map((s) => s.password_hash)).size).toBe(1);
    expect(await verifyPassword(staff[0]!.password_hash, DEMO_PASSWORD)).toBe(true);
  });

  it('has every status and fraud status, mostly confirmed, in four currencies', () => {
    const byStatus = tally(payments.map((p) => p.status));
    expect(Object.keys(byStatus).sort()).toEqual([...PAYMENT_STATUSES].sort());
    const mostCommon = Object.entries(byStatus).sort((a, b) => b[1] - a[1])[0]![0];
    expect(mostCommon).toBe('confirmed');

    const byFraud = tally(payments.map((p) => p.fraud_status));
    expect(Object.keys(byFraud).sort()).toEqual([...FRAUD_STATUSES].sort());
    expect(byFraud.unknown!).toBeGreaterThan(PAYMENTS * 0.8);
    expect(byFraud.review!).toBeGreaterThanOrEqual(5);
    for (const p of payments.filter((p) => p.fraud_status !== 'unknown')) {
      expect(p.fraud_message).not.toBe('');
      expect(p.risk_score).toBeGreaterThanOrEqual(0);
    }
    // Waiting in review: preauth (cannot be captured yet) or captured by an auto-capture method.
    for (const p of payments.filter((p) => p.fraud_status === 'review')) {
      expect(['preauth', 'confirmed']).toContain(p.status);
    }

    expect(Object.keys(tally(payments.map((p) => p.currency))).sort()).toEqual(['EUR', 'GBP', 'JPY', 'USD']);
  });

  it('keeps every amount valid in its currency and within the payment rules', () => {
    for (const p of payments) {
      const units = minorUnits(p.currency);
      for (const value of [p.total, p.tax, p.delivery, p.captured_amount, p.refunded_amount]) {
        expect(new Decimal(value).decimalPlaces(), `${p.identifier} ${value} ${p.currency}`).toBeLessThanOrEqual(units);
      }
      if (p.currency === 'JPY') expect(new Decimal(p.total).isInteger()).toBe(true);
      const total = new Decimal(p.total);
      const captured = new Decimal(p.captured_amount);
      const refunded = new Decimal(p.refunded_amount);
      const inUsdTerms = p.currency === 'JPY' ? total.div(150) : total;
      expect(inUsdTerms.toNumber()).toBeGreaterThanOrEqual(10);
      expect(inUsdTerms.toNumber()).toBeLessThanOrEqual(3500);
      expect(new Decimal(p.tax).plus(p.delivery).lessThan(total)).toBe(true);
      expect(captured.lessThanOrEqualTo(total)).toBe(true);
      expect(refunded.lessThanOrEqualTo(captured)).toBe(true);
      expect(p.status === 'refunded', p.identifier).toBe(refunded.equals(captured) && captured.greaterThan(0));
      if (['preauth', 'waiting', 'input', 'void', 'rejected', 'error', 'invalid'].includes(p.status)) {
        expect(captured.isZero(), `${p.identifier} ${p.status}`).toBe(true);
      }
      if (p.status === 'confirmed') expect(captured.greaterThan(0)).toBe(true);
      // The bogus gateway declines (02) or times out (05) on these minor-unit endings: the default capture of
      // a preauth payment and the refund of what is left must succeed in the demo.
      expect([2, 5], p.identifier).not.toContain(lastTwoMinorDigits(total, p.currency));
      if (captured.greaterThan(refunded)) {
        expect([2, 5], p.identifier).not.toContain(lastTwoMinorDigits(captured.minus(refunded), p.currency));
      }
      expect(p.created_at.getTime()).toBeLessThan(NOW.getTime());
      expect(p.created_at.getTime()).toBeGreaterThanOrEqual(NOW.getTime() - 30 * DAY);
      expect(p.modified_at.getTime()).toBeGreaterThanOrEqual(p.created_at.getTime());
      expect(p.modified_at.getTime()).toBeLessThan(NOW.getTime());
    }
    // Partial captures and partial refunds happen.
    expect(payments.some((p) => p.status === 'confirmed' && new Decimal(p.captured_amount).lessThan(p.total))).toBe(
      true,
    );
    expect(payments.some((p) => p.status === 'confirmed' && new Decimal(p.refunded_amount).greaterThan(0))).toBe(true);
  });

  it('has a few payments whose refund waits for a second person (above the approval thresholds)', () => {
    const thresholds = SETTINGS.refund_approval_thresholds.default;
    const above = payments.filter(
      (p) =>
        p.status === 'confirmed' &&
        new Decimal(p.captured_amount).minus(p.refunded_amount).greaterThan(thresholds[p.currency] ?? '0'),
    );
    expect(above.length).toBeGreaterThanOrEqual(2);
    expect(above.length).toBeLessThan(payments.length / 20);
  });

  it('gives every payment billing details, and card data only to card payments that reached the gateway', () => {
    for (const p of payments) {
      expect(isPaymentIdentifier(p.identifier)).toBe(true);
      expect(p.billing_first_name).not.toBe('');
      expect(p.billing_email).toMatch(/^[a-z0-9._]+@[a-z.]+$/);
      expect(p.billing_country_code).toMatch(/^[A-Z]{2}$/);
      const submitted = p.method_type === 'bogus' && !['waiting', 'input', 'invalid'].includes(p.status);
      if (submitted) {
        expect(p.card_brand).toBeTruthy();
        expect(p.card_last4).toMatch(/^\d{4}$/);
        expect(p.card_exp_month).toBeGreaterThanOrEqual(1);
        expect(p.card_exp_year).toBeGreaterThan(NOW.getUTCFullYear());
      } else {
        expect([p.card_brand, p.card_last4, p.card_exp_month, p.card_exp_year, p.transaction_id]).toEqual([
          null,
          null,
          null,
          null,
          null,
        ]);
      }
      if (['preauth', 'confirmed', 'refunded', 'void'].includes(p.status) && p.method_type === 'bogus') {
        expect(p.transaction_id).toMatch(p.auto_capture ? /^PUR-[0-9A-F]{12}$/ : /^AUTH-[0-9A-F]{12}$/);
      }
    }
    expect(new Set(payments.map((p) => p.identifier)).size).toBe(PAYMENTS);
  });

  it('derives every order payment_total and payment_state as derivePaymentState does', async () => {
    const orders = await main.db.selectFrom('orders').selectAll().execute();
    const byOrder = new Map<number, PaymentRecord[]>();
    for (const p of payments) byOrder.set(p.order_id, [...(byOrder.get(p.order_id) ?? []), p]);
    const states = new Set<string>();
    for (const order of orders) {
      const own = byOrder.get(order.id) ?? [];
      expect(own.length, order.number).toBeGreaterThanOrEqual(1);
      expect(order.number).toMatch(/^R\d{9}$/);
      const total = Money.of(order.total, order.currency);
      expect(
        Money.of(order.item_total, order.currency)
          .plus(Money.of(order.shipment_total, order.currency))
          .plus(Money.of(order.tax_total, order.currency))
          .eq(total),
      ).toBe(true);
      for (const p of own) {
        expect(p.currency).toBe(order.currency);
        expect(Money.of(p.total, p.currency).eq(total)).toBe(true);
      }
      const derived = derivePaymentState({
        state: order.state as OrderState,
        currency: order.currency,
        total,
        payments: own.map((p) => ({
          status: p.status,
          captured_amount: Money.of(p.captured_amount, p.currency),
          refunded_amount: Money.of(p.refunded_amount, p.currency),
        })),
      });
      expect(order.payment_state, order.number).toBe(derived.payment_state);
      expect(Money.of(order.payment_total, order.currency).eq(derived.payment_total), order.number).toBe(true);
      expect(order.completed_at === null, order.number).toBe(order.state === 'cart');
      states.add(`${order.state}/${order.payment_state}`);
    }
    expect(orders.filter((o) => o.state === 'complete').length).toBeGreaterThan(orders.length * 0.8);
    expect([...states]).toEqual(
      expect.arrayContaining([
        'complete/paid',
        'complete/balance_due',
        'complete/failed',
        'canceled/void',
        'cart/null',
      ]),
    );
  });

  it('records refunds whose successes add up to each refunded_amount', async () => {
    for (const p of payments) {
      expect(new Decimal(p.succeeded_refunds ?? 0).equals(p.refunded_amount), p.identifier).toBe(true);
    }
    const refunds = await sql<{
      status: string;
      amount: string;
      currency: string;
      staff_user_id: number | null;
      reason: string;
      payment_status: string;
    }>`
      SELECT r.status, r.amount, r.currency, r.staff_user_id, rr.code AS reason, p.status AS payment_status
      FROM refunds r JOIN refund_reasons rr ON rr.id = r.reason_id JOIN payments p ON p.id = r.payment_id
    `.execute(main.db);
    const statuses = tally(refunds.rows.map((r) => r.status));
    expect(statuses.succeeded!).toBeGreaterThan((statuses.failed ?? 0) + (statuses.pending ?? 0));
    expect(statuses.failed).toBeGreaterThan(0);
    expect(statuses.pending).toBeGreaterThan(0);
    for (const r of refunds.rows) {
      expect(r.staff_user_id).toBeNull();
      expect(['confirmed', 'refunded']).toContain(r.payment_status);
      expect(new Decimal(r.amount).decimalPlaces()).toBeLessThanOrEqual(minorUnits(r.currency));
    }
    expect(new Set(refunds.rows.map((r) => r.reason)).size).toBeGreaterThanOrEqual(4);
  });

  it('logs every gateway call of card payments, none for checks, and never a card number', async () => {
    const db = main.db;
    for (const p of payments) {
      const submitted = p.method_type === 'bogus' && !['waiting', 'input', 'invalid'].includes(p.status);
      if (submitted) expect(p.log_entries, p.identifier).toBeGreaterThan(0);
      else expect(p.log_entries, p.identifier).toBe(0);
    }
    // The first call follows the method: purchase when it auto-captures, authorize otherwise.
    expect(
      await count(
        db,
        `
      SELECT count(*) AS n FROM log_entries le JOIN payment_methods pm ON pm.id = le.payment_method_id
      WHERE le.action IN ('authorize', 'purchase')
        AND le.action <> CASE WHEN pm.auto_capture THEN 'purchase' ELSE 'authorize' END`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        `
      SELECT count(*) AS n FROM payments p
      WHERE (SELECT count(*) FROM log_entries le WHERE le.payment_id = p.id AND le.action IN ('authorize', 'purchase')) > 1`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        `
      SELECT count(*) AS n FROM log_entries le JOIN payments p ON p.id = le.payment_id
      WHERE le.created_at <= p.created_at OR le.created_at >= '${NOW.toISOString()}'
         OR le.payment_method_id <> p.payment_method_id OR le.currency <> p.currency`,
      ),
    ).toBe(0);
    // Refund calls carry their refund; failures carry an error code; checks never reach a gateway.
    expect(
      await count(db, `SELECT count(*) AS n FROM log_entries WHERE (action = 'refund') <> (refund_id IS NOT NULL)`),
    ).toBe(0);
    expect(await count(db, `SELECT count(*) AS n FROM log_entries WHERE success = (error_code IS NOT NULL)`)).toBe(0);
    expect(
      await count(
        db,
        `
      SELECT count(*) AS n FROM refunds r JOIN payments p ON p.id = r.payment_id JOIN payment_methods pm ON pm.id = p.payment_method_id
      WHERE pm.type = 'bogus' AND NOT EXISTS (SELECT 1 FROM log_entries le WHERE le.refund_id = r.id)`,
      ),
    ).toBe(0);
    const actions = await sql<{
      action: string;
      success: boolean;
    }>`SELECT DISTINCT action, success FROM log_entries`.execute(db);
    expect(actions.rows.map((a) => `${a.action}:${a.success}`).sort()).toEqual(
      expect.arrayContaining([
        'authorize:false',
        'authorize:true',
        'capture:true',
        'purchase:false',
        'purchase:true',
        'refund:false',
        'refund:true',
        'void:true',
      ]),
    );
    // At most the last four digits of a card, anywhere.
    expect(
      await count(
        db,
        `
      SELECT count(*) AS n FROM log_entries
      WHERE params::text ~ '[0-9]{13,}' OR message ~ '[0-9]{13,}' OR coalesce("authorization", '') ~ '[0-9]{13,}'`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        `
      SELECT count(*) AS n FROM payments
      WHERE extra_data::text ~ '[0-9]{13,}' OR message ~ '[0-9]{13,}' OR coalesce(transaction_id, '') ~ '[0-9]{13,}'`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        `
      SELECT count(*) AS n FROM log_entries WHERE params::text ~* '"(number|card_number|cvv|cvc|verification_value)":'`,
      ),
    ).toBe(0);
  });

  it('shows a failure spike that ends now, against the 7 days before it', async () => {
    const { from, to } = demoSpikeWindow(NOW);
    const rate = async (start: Date, end: Date) => {
      const { rows } = await sql<{ attempts: number; failures: number }>`
        SELECT count(*) AS attempts, count(*) FILTER (WHERE NOT success) AS failures
        FROM log_entries
        WHERE action IN ('authorize', 'purchase') AND created_at >= ${start.toISOString()}::timestamptz
          AND created_at < ${end.toISOString()}::timestamptz
      `.execute(main.db);
      const { attempts, failures } = rows[0]!;
      return { attempts: Number(attempts), failures: Number(failures), rate: Number(failures) / Number(attempts) };
    };
    expect(to.getTime() - from.getTime()).toBeGreaterThanOrEqual(30 * 60_000);
    expect(to.getTime() - from.getTime()).toBeLessThanOrEqual(45 * 60_000);
    const spike = await rate(from, to);
    const baseline = await rate(new Date(from.getTime() - 7 * DAY), from);
    expect(spike.failures).toBeGreaterThanOrEqual(10);
    // A normal failure rate of a few percent.
    expect(baseline.rate).toBeGreaterThan(0.02);
    expect(baseline.rate).toBeLessThan(0.07);
    expect(spike.rate).toBeGreaterThanOrEqual(3 * baseline.rate);

    const top = await sql<{ message: string; error_code: string; n: number }>`
      SELECT message, error_code, count(*) AS n FROM log_entries
      WHERE action IN ('authorize', 'purchase') AND NOT success
        AND created_at >= ${from.toISOString()}::timestamptz AND created_at < ${to.toISOString()}::timestamptz
      GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1
    `.execute(main.db);
    expect(top.rows[0]).toMatchObject({ message: 'Issuer unavailable', error_code: 'processing_error' });
    expect(Number(top.rows[0]!.n)).toBeGreaterThanOrEqual(10);
  });

  describe('on a second database', () => {
    let other: TestDatabase;
    beforeAll(async () => {
      other = await freshDatabase();
    });
    afterAll(async () => {
      await other?.dispose();
    });

    it('makes the same data from the same options and now', async () => {
      await seedDemoData(other.db, { payments: PAYMENTS, demoStaff: true, now: NOW });
      expect(await digest(other.db)).toBe(await digest(main.db));
    });

    it('appends when seeded again, without clashing identifiers or duplicating reference data', async () => {
      const before = await count(other.db, 'SELECT count(*) AS n FROM payments');
      const again = await seedDemoData(other.db, { payments: 500, now: new Date(NOW.getTime() + DAY) });
      expect(again.paymentMethods).toBe(0);
      expect(again.staffUsers).toBe(0);
      expect(again.payments).toBe(500);
      expect(await count(other.db, 'SELECT count(*) AS n FROM payments')).toBe(before + 500);
      expect(await count(other.db, 'SELECT count(DISTINCT identifier) AS n FROM payments')).toBe(before + 500);
      expect(await count(other.db, 'SELECT count(*) - count(DISTINCT number) AS n FROM orders')).toBe(0);
      expect(await count(other.db, 'SELECT count(*) AS n FROM payment_methods')).toBe(5);
      expect(await count(other.db, 'SELECT count(*) AS n FROM products')).toBe(5);
      expect(await count(other.db, 'SELECT count(*) AS n FROM refund_reasons')).toBe(5);
      expect(await count(other.db, 'SELECT count(*) AS n FROM staff_users')).toBe(5);
      // The new payments are other customers and amounts, not copies of the first ones shifted by a day.
      expect(
        await count(
          other.db,
          `
        SELECT count(*) AS n FROM payments a JOIN payments b ON b.id > ${before} AND a.id <= ${before}
          AND a.billing_email = b.billing_email AND a.total = b.total`,
        ),
      ).toBeLessThan(25);
    });
  });
});

function lastTwoMinorDigits(amount: Decimal, currency: string): number {
  return amount
    .times(new Decimal(10).pow(minorUnits(currency)))
    .mod(100)
    .toNumber();
}

function tally(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
