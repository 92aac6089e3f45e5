import type { Kysely } from 'kysely';
import { runScript } from '../run-script.ts';

/**
 * Indexes for the dashboard's money of the day and a fraud review's related payments:
 * - the money captured in a span: successful capture and purchase calls by time, with what the sum needs, so the
 *   day's total is an index-only range scan however many payments there are;
 * - the money refunded in a span: succeeded refunds by the time they settled (`updated_at`), likewise;
 * - payments by card (last four, brand, expiry) and by the customer's IP address, newest first, so "the other
 *   payments with this card" and "from this address" read at most a page of index entries.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE INDEX log_entries_captured_idx ON log_entries (created_at) INCLUDE (currency, amount)
      WHERE success AND NOT unapplied AND action IN ('capture', 'purchase');
    CREATE INDEX refunds_succeeded_idx ON refunds (updated_at) INCLUDE (currency, amount) WHERE status = 'succeeded';
    CREATE INDEX payments_card_idx ON payments (card_last4, card_brand, card_exp_year, card_exp_month, created_at DESC)
      WHERE card_last4 IS NOT NULL;
    CREATE INDEX payments_customer_ip_idx ON payments (customer_ip_address, created_at DESC)
      WHERE customer_ip_address IS NOT NULL;
  `,
  );
}
