import { sql, type Kysely } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { runScript } from '../db/run-script.ts';
import { insertOrdersSql, insertPaymentsSql } from './orders-payments.sql.ts';
import { buildPlanSql, timeline, type PlanBatch } from './plan.sql.ts';
import { seedDemoStaff, seedReferenceData } from './reference-data.ts';
import { insertPaymentLogEntriesSql, insertRefundLogEntriesSql, insertRefundsSql } from './refunds-log-entries.sql.ts';
import { CREATE_HELPERS_SQL, DROP_HELPERS_SQL } from './sql-helpers.ts';

export { DEMO_METHOD_NAMES } from './reference-data.ts';
export { DEMO_PASSWORD, DEMO_STAFF } from '../staff-users/demo-staff.ts';

export interface SeedOptions {
  /** How many payments to create (default 2000). */
  payments?: number;
  /** Also create (or reset) the five demo staff accounts, and set the demo_staff setting. */
  demoStaff?: boolean;
  /** The moment the data ends at (default: now). The same options and `now` give the same data. */
  now?: Date;
}

/** What this call created. Reference rows that already existed are not counted; staffUsers counts upserts. */
export interface SeedSummary {
  paymentMethods: number;
  orders: number;
  payments: number;
  logEntries: number;
  refunds: number;
  staffUsers: number;
}

/**
 * The failed-order spike in the demo data: authorize and purchase attempts in the 40 minutes up to `now` fail
 * about half the time ("Issuer unavailable", error code processing_error: a technical failure), against ~4%
 * usually. It ends at the moment of seeding, so the console shows it live at first start.
 */
export const DEMO_SPIKE = { startsMinutesAgo: 40, endsMinutesAgo: 0 } as const;

export function demoSpikeWindow(now: Date): { from: Date; to: Date } {
  return {
    from: new Date(now.getTime() - DEMO_SPIKE.startsMinutesAgo * 60_000),
    to: new Date(now.getTime() - DEMO_SPIKE.endsMinutesAgo * 60_000),
  };
}

/** Payments per set of INSERT statements; even, so that a two-payment order never spans two batches. */
const BATCH_SIZE = 100_000;
const MAX_KEY_ATTEMPTS = 5;

/**
 * Writes deterministic demo data in one transaction: payment methods, refund reasons and settings when missing,
 * the demo staff if asked, then `payments` payments with their orders, refunds and gateway log entries over
 * the 30 days before `now`. Set-based: a few INSERT ... SELECT statements per 100 000 payments.
 * Seeding again appends: identifiers and order numbers continue after the rows already there.
 */
export async function seedDemoData(db: Db, options: SeedOptions = {}): Promise<SeedSummary> {
  const total = options.payments ?? 2000;
  if (!Number.isSafeInteger(total) || total < 0) {
    throw new RangeError(`payments must be a whole number ≥ 0, not ${String(options.payments)}.`);
  }
  const now = options.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new RangeError('now is not a valid date.');

  return db.transaction().execute(async (trx) => {
    const reference = await seedReferenceData(trx, now, options.demoStaff ?? false);
    const summary: SeedSummary = {
      paymentMethods: reference.paymentMethodsCreated,
      orders: 0,
      payments: 0,
      logEntries: 0,
      refunds: 0,
      staffUsers: options.demoStaff ? await seedDemoStaff(trx) : 0,
    };
    if (total === 0) return summary;

    // The plan query is big; compiling it with JIT takes seconds, longer than running it.
    await sql`SET LOCAL jit = off`.execute(trx);
    // Room to sort and hash a batch in memory.
    await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
    await runScript(trx as unknown as Kysely<unknown>, CREATE_HELPERS_SQL);
    const nowText = now.toISOString();
    // Keys continue after the largest payment id, so a second seeding makes new identifiers and numbers.
    const keyBase = await maxId(trx, 'payments');
    const existing = { payments: keyBase, orders: await maxId(trx, 'orders') };
    // At least 36 attempts in the spike (about 4.5 per 5 minutes): any 10 minutes of it is a spike at the
    // significance shared among the signals of every method and of each method.
    const spikeRows = Math.min(Math.max(36, Math.floor(total / 400)), Math.floor(total / 10));
    const times = timeline(total, spikeRows, DEMO_SPIKE.startsMinutesAgo * 60, DEMO_SPIKE.endsMinutesAgo * 60);

    for (let first = 1; first <= total; first += BATCH_SIZE) {
      const last = Math.min(total, first + BATCH_SIZE - 1);
      await buildPlan(trx, existing, (attempt) => ({
        now: nowText,
        // On the (very unlikely) clash with an identifier or order number made elsewhere, move this batch's
        // keys past the whole run's.
        keyBase: keyBase + attempt * total,
        first,
        last,
        timeline: times,
      }));

      const orderIdBefore = await maxId(trx, 'orders');
      summary.orders += affected(await insertOrdersSql(nowText).execute(trx));
      const paymentIdBefore = await maxId(trx, 'payments');
      summary.payments += affected(await insertPaymentsSql(nowText, orderIdBefore, reference.methodIds).execute(trx));
      summary.refunds += affected(await insertRefundsSql(nowText, paymentIdBefore).execute(trx));
      summary.logEntries += affected(await insertPaymentLogEntriesSql(nowText, paymentIdBefore).execute(trx));
      summary.logEntries += affected(await insertRefundLogEntriesSql(paymentIdBefore).execute(trx));
      // The review queue: each payment held by the gateway's fraud screen has its open review.
      await sql`INSERT INTO fraud_reviews (payment_id, opened_reason, opened_at)
        SELECT id, 'rule', created_at FROM payments WHERE id > ${paymentIdBefore} AND fraud_status = 'review'`.execute(
        trx,
      );
      await sql`DROP TABLE seed_plan`.execute(trx);
    }

    await runScript(trx as unknown as Kysely<unknown>, DROP_HELPERS_SQL);
    return summary;
  });
}

/**
 * Fills seed_plan for one batch; retries with other keys if an identifier or order number is already taken by a
 * row that was there before this run (this run's own keys never clash).
 */
async function buildPlan(
  trx: Tx,
  existing: { payments: number; orders: number },
  batch: (attempt: number) => PlanBatch,
): Promise<void> {
  for (let attempt = 0; attempt < MAX_KEY_ATTEMPTS; attempt++) {
    await buildPlanSql(batch(attempt)).execute(trx);
    // Statistics on the join and grouping keys, so that the INSERTs join the batch well.
    await sql`ANALYZE seed_plan (ok, identifier, order_number, refund_reason)`.execute(trx);
    const { rows } = await sql<{ clash: boolean }>`
      SELECT EXISTS (SELECT 1 FROM seed_plan AS s JOIN payments AS p ON p.identifier = s.identifier
                     WHERE p.id <= ${existing.payments}::integer)
          OR EXISTS (SELECT 1 FROM seed_plan AS s JOIN orders AS o ON o.number = s.order_number
                     WHERE o.id <= ${existing.orders}::integer) AS clash
    `.execute(trx);
    if (!rows[0]?.clash) return;
    await sql`DROP TABLE seed_plan`.execute(trx);
  }
  throw new Error('Could not find unused payment identifiers and order numbers for the demo data.');
}

async function maxId(trx: Tx, table: 'payments' | 'orders'): Promise<number> {
  const row = await trx
    .selectFrom(table)
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

function affected(result: { numAffectedRows?: bigint }): number {
  return Number(result.numAffectedRows ?? 0n);
}
