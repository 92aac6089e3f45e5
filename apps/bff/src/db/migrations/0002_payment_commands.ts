import type { Kysely } from 'kysely';
import { runScript } from '../run-script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    -- A claim on a payment while its gateway call is in flight: at most one operation at a time.
    ALTER TABLE payments ADD COLUMN operation text CHECK (operation IN ('capture', 'void'));
    ALTER TABLE payments ADD COLUMN operation_started_at timestamptz;
    CREATE INDEX payments_in_flight_idx ON payments (operation_started_at) WHERE operation IS NOT NULL;

    -- A pending refund reserves its amount; refunds in flight never exceed what is left.
    CREATE INDEX refunds_pending_idx ON refunds (payment_id) WHERE status = 'pending';

    -- api.md's Idempotency-Key: the first response, replayed for 24 hours.
    CREATE TABLE idempotency_keys (
      staff_user_id integer NOT NULL REFERENCES staff_users (id),
      key text NOT NULL,
      request_hash text NOT NULL,
      response_status integer,
      response_body jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      PRIMARY KEY (staff_user_id, key)
    );
    CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
  `,
  );
}
