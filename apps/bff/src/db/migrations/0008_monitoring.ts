import type { Kysely } from 'kysely';
import { runScript } from '../run-script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    -- Failed-order spike monitoring: attempts (authorize and purchase log entries) and their failures per
    -- 5 minutes and payment method. 30 days of 1-hour buckets with their 7-day baselines read ~50,000 of
    -- these rows instead of a million log entries. Kept exact by the triggers below, in the writing
    -- transaction; the monitoring queries count the minutes at either end of a span that do not fill a
    -- bucket from log_entries itself.
    CREATE TABLE attempt_buckets_5m (
      bucket_start timestamptz NOT NULL,
      payment_method_id integer NOT NULL REFERENCES payment_methods (id),
      -- No CHECK (attempts >= 0): PostgreSQL checks the row an upsert proposes, and a DELETE's is negative.
      attempts integer NOT NULL,
      failures integer NOT NULL,
      PRIMARY KEY (bucket_start, payment_method_id)
    );

    INSERT INTO attempt_buckets_5m (bucket_start, payment_method_id, attempts, failures)
    SELECT date_bin(interval '5 minutes', created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), payment_method_id,
           count(*), count(*) FILTER (WHERE NOT success)
    FROM log_entries
    WHERE action IN ('authorize', 'purchase')
    GROUP BY 1, 2;

    -- The triggers: one statement's log entries at a time, grouped by bucket and method, upserted in key
    -- order (two writers lock the buckets they share in the same order). Log entries are written once and
    -- never changed; an UPDATE or DELETE is still counted, so the buckets stay exact whatever happens.
    CREATE FUNCTION attempt_buckets_5m_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE attempt_buckets_5m;
      ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO attempt_buckets_5m AS b (bucket_start, payment_method_id, attempts, failures)
        SELECT date_bin(interval '5 minutes', created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), payment_method_id,
               count(*), count(*) FILTER (WHERE NOT success)
        FROM new_rows
        WHERE action IN ('authorize', 'purchase')
        GROUP BY 1, 2
        ORDER BY 1, 2
        ON CONFLICT (bucket_start, payment_method_id)
          DO UPDATE SET attempts = b.attempts + excluded.attempts, failures = b.failures + excluded.failures;
      ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO attempt_buckets_5m AS b (bucket_start, payment_method_id, attempts, failures)
        SELECT date_bin(interval '5 minutes', created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), payment_method_id,
               -count(*), -count(*) FILTER (WHERE NOT success)
        FROM old_rows
        WHERE action IN ('authorize', 'purchase')
        GROUP BY 1, 2
        ORDER BY 1, 2
        ON CONFLICT (bucket_start, payment_method_id)
          DO UPDATE SET attempts = b.attempts + excluded.attempts, failures = b.failures + excluded.failures;
      ELSE
        INSERT INTO attempt_buckets_5m AS b (bucket_start, payment_method_id, attempts, failures)
        SELECT date_bin(interval '5 minutes', created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), payment_method_id,
               sum(sign), coalesce(sum(sign) FILTER (WHERE NOT success), 0)
        FROM (SELECT created_at, payment_method_id, success, -1 AS sign FROM old_rows WHERE action IN ('authorize', 'purchase')
              UNION ALL
              SELECT created_at, payment_method_id, success, 1 AS sign FROM new_rows WHERE action IN ('authorize', 'purchase')) AS changes
        GROUP BY 1, 2
        ORDER BY 1, 2
        ON CONFLICT (bucket_start, payment_method_id)
          DO UPDATE SET attempts = b.attempts + excluded.attempts, failures = b.failures + excluded.failures;
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER attempt_buckets_5m_insert AFTER INSERT ON log_entries
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attempt_buckets_5m_sync();
    CREATE TRIGGER attempt_buckets_5m_update AFTER UPDATE ON log_entries
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attempt_buckets_5m_sync();
    CREATE TRIGGER attempt_buckets_5m_delete AFTER DELETE ON log_entries
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION attempt_buckets_5m_sync();
    CREATE TRIGGER attempt_buckets_5m_truncate AFTER TRUNCATE ON log_entries
      FOR EACH STATEMENT EXECUTE FUNCTION attempt_buckets_5m_sync();

    -- The failures of a window, and the payments they belong to: the breakdowns and the payments list's
    -- failed_attempt_* filters. Small: only failed attempts.
    CREATE INDEX log_entries_failed_attempts_idx ON log_entries (created_at) INCLUDE (payment_id)
      WHERE action IN ('authorize', 'purchase') AND NOT success;
  `,
  );
}
