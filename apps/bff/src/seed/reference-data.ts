import { sql } from 'kysely';
import { hashPassword } from '../auth/passwords.ts';
import type { Db } from '../db/database.ts';
import { DEMO_PASSWORD, DEMO_STAFF } from '../staff-users/demo-staff.ts';
import { upsertStaffUser } from '../staff-users/staff-users.repository.ts';

/** The seed's payment methods, by what they are for. The names are how the seed finds them again. */
export const DEMO_METHOD_NAMES = {
  purchase: 'Credit card',
  authorize: 'Credit card (authorize only)',
  check: 'Check',
  legacy: 'Legacy card gateway',
} as const;
export type DemoMethodKind = keyof typeof DEMO_METHOD_NAMES;

// Reference data, each row written only when missing: seeding twice changes nothing here.
// Timestamps derive from `now` so that the same `now` gives the same rows.
const PAYMENT_METHODS_SQL = (now: string) => sql`
  INSERT INTO payment_methods
    (type, name, description, active, available_to_users, available_to_admin, auto_capture, preferences, created_at, updated_at)
  SELECT v.type, v.name, v.description, v.active, v.active, true, v.auto_capture, v.preferences::jsonb,
         ${now}::timestamptz - v.created_days_ago * interval '1 day',
         ${now}::timestamptz - v.updated_days_ago * interval '1 day'
  FROM (VALUES
    -- Purchase: authorize and capture in one call.
    (1, 'bogus', ${DEMO_METHOD_NAMES.purchase}, 'Card payments through the bogus gateway, captured at once.',
     true, true, '{"test_mode": true, "authorization_ttl_days": 7}', 400, 400),
    -- Authorize only: payments wait in preauth until staff capture them.
    (2, 'bogus', ${DEMO_METHOD_NAMES.authorize}, 'Card payments through the bogus gateway, authorized now and captured by staff.',
     true, false, '{"test_mode": true, "authorization_ttl_days": 7}', 400, 400),
    -- Offline: no gateway; auto_capture null follows the store default (authorize only).
    (3, 'check', ${DEMO_METHOD_NAMES.check}, 'Payment by check; staff mark it captured when the check clears.',
     true, null, '{"payable_to": "Paydesk Demo Store"}', 400, 400),
    -- Deactivated 20 days ago: it has old payments and takes no new ones.
    (4, 'bogus', ${DEMO_METHOD_NAMES.legacy}, 'The previous card gateway account, replaced by "Credit card".',
     false, true, '{"test_mode": true, "authorization_ttl_days": 7}', 730, 20),
    -- Mobile operator billing for the intake API's OPERATOR transactions: charged to the phone bill.
    (5, 'carrier', 'Carrier billing', 'Charged to the customer''s mobile phone bill (intake API, pay_method OPERATOR).',
     true, true, '{}', 300, 300)
  ) AS v(ord, type, name, description, active, auto_capture, preferences, created_days_ago, updated_days_ago)
  WHERE NOT EXISTS (SELECT 1 FROM payment_methods pm WHERE pm.name = v.name)
  ORDER BY v.ord
`;

const REFUND_REASONS_SQL = (now: string) => sql`
  INSERT INTO refund_reasons (name, code, active, created_at, updated_at)
  SELECT v.name, v.code, true, ${now}::timestamptz - interval '400 days', ${now}::timestamptz - interval '400 days'
  FROM (VALUES
    (1, 'Customer request', 'customer_request'),
    (2, 'Duplicate', 'duplicate'),
    (3, 'Fraudulent', 'fraudulent'),
    (4, 'Order canceled', 'order_canceled'),
    (5, 'Return processing', 'return_processing')
  ) AS v(ord, name, code)
  ORDER BY v.ord
  ON CONFLICT (code) DO NOTHING
`;

/** What storefronts sell through the intake API. */
const PRODUCTS_SQL = (now: string) => sql`
  INSERT INTO products (name, price, currency, active, created_at, updated_at)
  SELECT v.name, v.price::numeric, v.currency, v.active, ${now}::timestamptz - interval '200 days', ${now}::timestamptz - interval '200 days'
  FROM (VALUES
    (1, 'Premium ringtone pack', '0.99', 'EUR', true),
    (2, 'Puzzle game: full version', '4.99', 'USD', true),
    (3, 'Music streaming, one month', '9.99', 'GBP', true),
    (4, 'Sticker set', '120', 'JPY', true),
    (5, 'Wallpaper bundle (retired)', '1.49', 'EUR', false)
  ) AS v(ord, name, price, currency, active)
  WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.name = v.name)
  ORDER BY v.ord
`;

export interface ReferenceData {
  /** Payment method ids by kind (existing rows with the demo names are reused). */
  methodIds: Record<DemoMethodKind, number>;
  paymentMethodsCreated: number;
}

/** Payment methods, refund reasons and settings, each only if missing. */
export async function seedReferenceData(db: Db, now: Date, demoStaff: boolean): Promise<ReferenceData> {
  const nowText = now.toISOString();
  const inserted = await PAYMENT_METHODS_SQL(nowText).execute(db);
  await REFUND_REASONS_SQL(nowText).execute(db);
  await PRODUCTS_SQL(nowText).execute(db);

  // The store default for methods whose auto_capture is null; an admin's choice is kept.
  await sql`
    INSERT INTO settings (key, value, updated_at)
    VALUES ('store_default_auto_capture', 'false'::jsonb, ${nowText}::timestamptz)
    ON CONFLICT (key) DO NOTHING
  `.execute(db);
  if (demoStaff) {
    await sql`
      INSERT INTO settings (key, value, updated_at)
      VALUES ('demo_staff', 'true'::jsonb, ${nowText}::timestamptz)
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
    `.execute(db);
  }

  const rows = await db
    .selectFrom('payment_methods')
    .select((eb) => ['name', eb.fn.min('id').as('id')])
    .where('name', 'in', Object.values(DEMO_METHOD_NAMES))
    .groupBy('name')
    .execute();
  const idOf = (name: string): number => {
    const row = rows.find((r) => r.name === name);
    if (!row) throw new Error(`Payment method "${name}" is missing after seeding.`);
    return Number(row.id);
  };
  return {
    methodIds: {
      purchase: idOf(DEMO_METHOD_NAMES.purchase),
      authorize: idOf(DEMO_METHOD_NAMES.authorize),
      check: idOf(DEMO_METHOD_NAMES.check),
      legacy: idOf(DEMO_METHOD_NAMES.legacy),
    },
    paymentMethodsCreated: Number(inserted.numAffectedRows ?? 0n),
  };
}

/** The five demo accounts (created, or reset to their demo name, role and password). One hash for all. */
export async function seedDemoStaff(db: Db): Promise<number> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const user of DEMO_STAFF) {
    await upsertStaffUser(db, { ...user, password_hash: passwordHash });
  }
  return DEMO_STAFF.length;
}
