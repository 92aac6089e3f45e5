import type { Kysely } from 'kysely';
import { runScript } from '../run-script.ts';

/**
 * Carrier billing: a log entry's action may be `start` — an operator charge started and waiting for the buyer,
 * not yet an attempt for monitoring (its outcome is logged as the purchase when the operator tells it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE log_entries DROP CONSTRAINT log_entries_action_check;
    ALTER TABLE log_entries ADD CONSTRAINT log_entries_action_check
      CHECK (action IN ('authorize', 'purchase', 'capture', 'void', 'refund', 'retrieve', 'start'));
  `,
  );
}
