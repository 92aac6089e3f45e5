import type { Kysely } from 'kysely';
import { runScript } from '../run-script.ts';

/**
 * The intake API as the carrier-billing seed describes it: a storefront's own reference (`external_id`),
 * unique per API key — a constraint, so that the same reference sent twenty times at once makes one payment —
 * the page where the buyer must act (`payment_url`), and the key's list, newest first. No request is refused
 * any more because another looked the same (an OPERATOR request carries nothing of the buyer).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE transactions ADD COLUMN external_id text CHECK (length(external_id) BETWEEN 1 AND 255);
    ALTER TABLE transactions ADD COLUMN payment_url text;
    CREATE UNIQUE INDEX transactions_external_id_idx ON transactions (api_key_id, external_id) WHERE external_id IS NOT NULL;
    DROP INDEX transactions_duplicate_idx;
    CREATE INDEX transactions_api_key_created_idx ON transactions (api_key_id, created_at DESC, id DESC);
  `,
  );
}
