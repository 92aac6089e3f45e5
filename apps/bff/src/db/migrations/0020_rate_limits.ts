import type { Kysely } from 'kysely';
import { runScript } from '../run-script.ts';

/**
 * Rate limits are counted in the database, so that they hold across every instance of the app: one row per
 * limited caller (a limiter's prefix and the caller's address, staff member or API key), its hits in the
 * current window and when that window ends. Expired windows are pruned with the other expired records.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE rate_limit_hits (
      key text PRIMARY KEY,
      hits integer NOT NULL CHECK (hits >= 0),
      reset_at timestamptz NOT NULL
    );
    CREATE INDEX rate_limit_hits_reset_at_idx ON rate_limit_hits (reset_at);
  `,
  );
}
