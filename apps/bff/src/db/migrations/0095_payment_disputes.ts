import type { Kysely } from 'kysely';
import { runScript } from '../run-script.ts';

/**
 * A payment's dispute (chargeback) as its gateway last reported it: which, its status, amount and reason, and
 * when the gateway reported that status (so that a report arriving late changes nothing). Open disputes are few
 * and counted under "Needs attention": a partial index finds them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE payments ADD COLUMN dispute_id text;
    ALTER TABLE payments ADD COLUMN dispute_status text;
    ALTER TABLE payments ADD COLUMN dispute_amount numeric(20, 4);
    ALTER TABLE payments ADD COLUMN dispute_reason text;
    ALTER TABLE payments ADD COLUMN dispute_reported_at timestamptz;
    ALTER TABLE payments ADD COLUMN dispute_open boolean NOT NULL DEFAULT false;
    CREATE INDEX payments_dispute_open_idx ON payments (id) WHERE dispute_open;
    `,
  );
}
