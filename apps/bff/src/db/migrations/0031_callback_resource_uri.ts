import type { Kysely } from 'kysely';
import { runScript } from '../run-script.ts';

/**
 * A callback names its transaction by the same resource_uri as the API (`/api/v1/transactions/<resource_pk>`).
 * Only where callbacks are still built by the database's outbox trigger: once they are built by the BFF
 * (which drops the trigger and its function), there is nothing to change here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    DO $$
    DECLARE
      body text;
    BEGIN
      IF to_regprocedure('enqueue_transaction_callback()') IS NULL THEN
        RETURN;
      END IF;
      SELECT pg_get_functiondef('enqueue_transaction_callback()'::regprocedure) INTO body;
      body := replace(body, '''/api/v1/transactions/'' || t.token', '''/api/v1/transactions/'' || t.id');
      EXECUTE body;
    END
    $$;
  `,
  );
}
