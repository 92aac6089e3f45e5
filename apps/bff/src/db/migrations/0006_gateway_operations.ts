import type { Kysely } from 'kysely';
import { runScript } from '../run-script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    -- The gateway operation in flight, or whose outcome is unknown: the idempotency key it was sent with
    -- (so a retry or a reconciliation asks about the same operation) and its amount.
    ALTER TABLE payments ADD COLUMN operation_key text;
    ALTER TABLE payments ADD COLUMN operation_amount numeric(20, 4);
    -- What the payment was before the unknown outcome, so reconciliation can put it back.
    ALTER TABLE payments ADD COLUMN operation_from_status text;
  `,
  );
}
