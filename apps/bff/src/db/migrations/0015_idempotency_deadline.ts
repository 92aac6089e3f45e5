import type { Kysely } from 'kysely';
import { runScript } from '../run-script.ts';

/**
 * An Idempotency-Key's claim has a deadline: a request that died with its process (kill -9, a crash) leaves
 * its key unanswered, and once the deadline has passed a retry with the same request takes the key over
 * instead of answering RequestInProgress for 24 hours. The claim token says which request holds the key, so a
 * request overtaken past its deadline does not overwrite its successor's answer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE idempotency_keys ADD COLUMN claim_token text, ADD COLUMN locked_until timestamptz;
    -- Keys claimed before deadlines existed: their requests had five minutes.
    UPDATE idempotency_keys SET locked_until = created_at + interval '5 minutes' WHERE response_status IS NULL;
  `,
  );
}
