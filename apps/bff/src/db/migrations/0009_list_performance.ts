import type { Kysely } from 'kysely';
import { runScript } from '../run-script.ts';

/**
 * The payments list's free-text search at 1,000,000 payments (BENCHMARKS.md, `pnpm bench`). The search
 * matches prefixes with LIKE 'X%'; a plain btree on text or char(n) serves LIKE only under the "C" collation,
 * so without these each prefix branch is a scan of every payment and every order (~1 s). With them — and the
 * order-number branch written as `= any(array(...))` in payments.repository.ts — the search is a BitmapOr of
 * index scans (identifier, lower(billing_email), order_id, card_last4): about a millisecond.
 * (Plain CREATE INDEX: it holds writes to the table for the seconds it takes, like every migration here.)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE INDEX payments_identifier_pattern_idx ON payments (identifier bpchar_pattern_ops);
    CREATE INDEX orders_number_pattern_idx ON orders (number text_pattern_ops);
  `,
  );
}
