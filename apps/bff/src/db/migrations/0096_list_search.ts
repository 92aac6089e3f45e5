import type { Kysely } from 'kysely';
import { runScript } from '../run-script.ts';

/**
 * Search that finds what staff type: a payment by its customer's name (last name, or first and last) and by
 * its gateway transaction id; a log entry by its authorization and by any words of its message (trigrams, so
 * "insufficient" finds "Declined: insufficient funds" without reading every entry).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX payments_billing_last_name_idx ON payments (lower(billing_last_name) text_pattern_ops);
    CREATE INDEX payments_billing_name_idx
      ON payments (lower(billing_first_name || ' ' || billing_last_name) text_pattern_ops);
    CREATE INDEX payments_transaction_id_only_idx ON payments (transaction_id);
    CREATE INDEX log_entries_authorization_idx ON log_entries ("authorization");
    CREATE INDEX log_entries_message_trgm_idx ON log_entries USING gin (message gin_trgm_ops);
    `,
  );
}
