import type { Kysely } from 'kysely';
import { runScript } from '../run-script.ts';

/**
 * Each callback job knows its receiver (its delivery URL's host and port), so that workers limit how many
 * deliveries run at once per receiver: one slow storefront holds at most a few workers, never the others'.
 * Filled in by the database for every callback job, however it is queued (the outbox trigger, a redelivery).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    String.raw`
    ALTER TABLE jobs ADD COLUMN group_key text;
    -- A URL's host and port, as JavaScript's URL.host: 'https://a.example:8443/cb' -> 'a.example:8443'.
    CREATE FUNCTION callback_receiver(url text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT lower(substring(url FROM '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?((?:\[[^\]]*\]|[^:/?#]*)(?::[0-9]*)?)'))
    $$;
    CREATE FUNCTION job_group_key() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      SELECT callback_receiver(url) INTO NEW.group_key FROM callback_deliveries
      WHERE id = (NEW.payload->>'delivery_id')::integer;
      RETURN NEW;
    END $$;
    CREATE TRIGGER jobs_callback_receiver BEFORE INSERT ON jobs
      FOR EACH ROW WHEN (NEW.kind = 'callback' AND NEW.group_key IS NULL) EXECUTE FUNCTION job_group_key();
    UPDATE jobs SET group_key = callback_receiver(d.url) FROM callback_deliveries d
      WHERE jobs.kind = 'callback' AND jobs.done_at IS NULL AND d.id = (jobs.payload->>'delivery_id')::integer;
    -- The running jobs of a receiver, counted at every take; and the finished jobs, pruned by age.
    CREATE INDEX jobs_group_running_idx ON jobs (group_key) WHERE done_at IS NULL AND group_key IS NOT NULL;
    CREATE INDEX jobs_done_at_idx ON jobs (done_at) WHERE done_at IS NOT NULL;
    CREATE INDEX callback_deliveries_delivered_idx ON callback_deliveries (delivered_at) WHERE status = 'delivered';
  `,
  );
}
