import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { authorizationExpiringWithin, authorizationTtlDays } from '../payments/payments.repository.ts';

/** One day of the shop, as PostgreSQL reckons it in the shop's zone: [from, to). */
export interface ShopDay {
  day: string;
  from: Date;
  to: Date;
}

/**
 * The shop's day `day` (YYYY-MM-DD), or the one it is now, in `timeZone`: from its local midnight to the next, as
 * instants (a day of 23 or 25 hours where the clocks change).
 */
export async function shopDay(db: Db, timeZone: string, day: string | null): Promise<ShopDay> {
  const { rows } = await sql<{ day: string; from: Date; to: Date }>`
    select to_char(d, 'YYYY-MM-DD') as day,
           d::timestamp at time zone ${timeZone} as "from",
           (d + 1)::timestamp at time zone ${timeZone} as "to"
    from (select coalesce(${day}::date, (now() at time zone ${timeZone})::date) as d) as shop
  `.execute(db);
  const row = rows[0]!;
  return { day: row.day, from: new Date(row.from), to: new Date(row.to) };
}

export interface CurrencySum {
  currency: string;
  count: number;
  amount: string;
}

function sums(rows: { currency: string; count: string | number; amount: string }[]): CurrencySum[] {
  return rows.map((row) => ({ currency: row.currency.trim(), count: Number(row.count), amount: String(row.amount) }));
}

/**
 * Money captured in [from, to), per currency: the successful capture and purchase calls the log holds (answers
 * that were applied), summed as NUMERIC. An index-only range of log_entries_captured_idx.
 */
export async function capturedBetween(db: Db, from: Date, to: Date): Promise<CurrencySum[]> {
  const rows = await db
    .selectFrom('log_entries')
    .select((eb) => ['currency', eb.fn.countAll<string>().as('count'), sql<string>`sum(amount)`.as('amount')])
    .where('success', '=', true)
    .where('unapplied', '=', false)
    .where('action', 'in', ['capture', 'purchase'])
    .where('amount', 'is not', null)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .groupBy('currency')
    .execute();
  return sums(rows);
}

/** Money refunded in [from, to), per currency: refunds that succeeded then (refunds_succeeded_idx). */
export async function refundedBetween(db: Db, from: Date, to: Date): Promise<CurrencySum[]> {
  const rows = await db
    .selectFrom('refunds')
    .select((eb) => ['currency', eb.fn.countAll<string>().as('count'), sql<string>`sum(amount)`.as('amount')])
    .where('status', '=', 'succeeded')
    .where('updated_at', '>=', from)
    .where('updated_at', '<', to)
    .groupBy('currency')
    .execute();
  return sums(rows);
}

/** Authorizations that lapse within `hours`, per currency: how many, and the total they hold. */
export async function expiringWithin(db: Db, hours: number): Promise<CurrencySum[]> {
  const rows = await db
    .selectFrom('payments')
    .innerJoin('payment_methods', 'payment_methods.id', 'payments.payment_method_id')
    .select((eb) => [
      'payments.currency',
      eb.fn.countAll<string>().as('count'),
      sql<string>`sum(payments.total)`.as('amount'),
    ])
    .where(authorizationExpiringWithin(hours, authorizationTtlDays))
    .groupBy('payments.currency')
    .execute();
  return sums(rows);
}
