import type { Kysely } from 'kysely';
import { runScript } from '../run-script.ts';

const BIN = `date_bin(interval '5 minutes', created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00')`;

/** The rollups' columns, counted from a set of log entries (new_rows or old_rows), as in 0090 and 0101. */
const COUNTS = `
  count(*) FILTER (WHERE action IN ('authorize', 'purchase')),
  count(*) FILTER (WHERE action IN ('authorize', 'purchase') AND NOT success AND monitoring_failure_kind(error_code) = 'decline'),
  count(*) FILTER (WHERE action IN ('authorize', 'purchase') AND NOT success AND monitoring_failure_kind(error_code) = 'technical'),
  count(*) FILTER (WHERE action IN ('authorize', 'purchase') AND NOT success AND monitoring_failure_kind(error_code) = 'fraud'),
  count(*) FILTER (WHERE action = 'capture'),
  count(*) FILTER (WHERE action = 'capture' AND NOT success),
  count(*) FILTER (WHERE action = 'void'),
  count(*) FILTER (WHERE action = 'void' AND NOT success),
  count(*) FILTER (WHERE action = 'refund'),
  count(*) FILTER (WHERE action = 'refund' AND NOT success)`;

const COLUMNS = `attempts, declines, technical, fraud, captures, capture_failures, voids, void_failures, refunds, refund_failures`;
const ADD = COLUMNS.split(', ')
  .map((c) => `${c} = b.${c} + excluded.${c}`)
  .join(', ');
const SUMS = COLUMNS.split(', ')
  .map((c) => `sum(${c})`)
  .join(', ');
const signed = (sign: 1 | -1) =>
  sign === 1
    ? COUNTS
    : COUNTS.split(',\n')
        .map((c) => `-${c.trim()}`)
        .join(',\n  ');

/** A statement's log entries into the per-method rollup, by bucket and method in key order. */
const perMethod = (rows: string, sign: 1 | -1) => `
        INSERT INTO monitoring_buckets_5m AS b (bucket_start, payment_method_id, ${COLUMNS})
        SELECT ${BIN}, payment_method_id, ${signed(sign)}
        FROM ${rows}
        WHERE action IN ('authorize', 'purchase', 'capture', 'void', 'refund')
        GROUP BY 1, 2
        ORDER BY 1, 2
        ON CONFLICT (bucket_start, payment_method_id) DO UPDATE SET ${ADD};`;

/** The same log entries into the rollup without the method, by bucket in key order. */
const allMethods = (rows: string, sign: 1 | -1) => `
        INSERT INTO monitoring_totals_5m AS b (bucket_start, ${COLUMNS})
        SELECT ${BIN}, ${signed(sign)}
        FROM ${rows}
        WHERE action IN ('authorize', 'purchase', 'capture', 'void', 'refund')
        GROUP BY 1
        ORDER BY 1
        ON CONFLICT (bucket_start) DO UPDATE SET ${ADD};`;

/**
 * A statement that adds at most this many log entries (a gateway call's answer, a webhook) counts them at its
 * transaction's commit; a larger one (seeding, imports) counts them at once, as before.
 */
const AT_COMMIT_MAX_ROWS = 100;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    LOCK TABLE log_entries IN SHARE MODE;

    -- The rollups' rows of the current 5 minutes are written by every gateway call of the method (and the
    -- totals' by every call): a transaction that adds to them holds them until it ends. Counted by the log
    -- entry's own statement, they were held across the client's round trip to COMMIT, which every other
    -- call's transaction then waited out — under load, most of a capture run's time. Now a small insert's
    -- counts wait in this table, and a trigger deferred to the commit adds them to the rollups: the rows are
    -- held for the commit alone. Still exact and in the same transaction: a log entry and its counts commit
    -- (or roll back) together, and no other transaction ever sees a row of this table.
    CREATE TABLE monitoring_pending (
      xact xid8 NOT NULL DEFAULT pg_current_xact_id(),
      bucket_start timestamptz NOT NULL,
      payment_method_id integer NOT NULL,
      attempts integer NOT NULL,
      declines integer NOT NULL,
      technical integer NOT NULL,
      fraud integer NOT NULL,
      captures integer NOT NULL,
      capture_failures integer NOT NULL,
      voids integer NOT NULL,
      void_failures integer NOT NULL,
      refunds integer NOT NULL,
      refund_failures integer NOT NULL
    );
    CREATE INDEX monitoring_pending_xact_idx ON monitoring_pending (xact);

    -- At the commit: this transaction's waiting counts into the rollups (per method first, then the totals,
    -- each in key order, as every writer locks them), then gone. The first firing takes them all; the
    -- others find none.
    CREATE FUNCTION monitoring_pending_apply() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO monitoring_buckets_5m AS b (bucket_start, payment_method_id, ${COLUMNS})
      SELECT bucket_start, payment_method_id, ${SUMS}
      FROM monitoring_pending WHERE xact = pg_current_xact_id()
      GROUP BY 1, 2
      ORDER BY 1, 2
      ON CONFLICT (bucket_start, payment_method_id) DO UPDATE SET ${ADD};
      INSERT INTO monitoring_totals_5m AS b (bucket_start, ${COLUMNS})
      SELECT bucket_start, ${SUMS}
      FROM monitoring_pending WHERE xact = pg_current_xact_id()
      GROUP BY 1
      ORDER BY 1
      ON CONFLICT (bucket_start) DO UPDATE SET ${ADD};
      DELETE FROM monitoring_pending WHERE xact = pg_current_xact_id();
      RETURN NULL;
    END $$;
    CREATE CONSTRAINT TRIGGER monitoring_pending_at_commit AFTER INSERT ON monitoring_pending
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION monitoring_pending_apply();

    CREATE OR REPLACE FUNCTION monitoring_buckets_5m_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE monitoring_buckets_5m, monitoring_totals_5m;
        DELETE FROM monitoring_pending WHERE xact = pg_current_xact_id();
        RETURN NULL;
      END IF;
      IF TG_OP = 'INSERT' THEN
        IF (SELECT count(*) FROM (SELECT 1 FROM new_rows LIMIT ${AT_COMMIT_MAX_ROWS + 1}) AS n) <= ${AT_COMMIT_MAX_ROWS} THEN
          INSERT INTO monitoring_pending (bucket_start, payment_method_id, ${COLUMNS})
          SELECT ${BIN}, payment_method_id, ${COUNTS}
          FROM new_rows
          WHERE action IN ('authorize', 'purchase', 'capture', 'void', 'refund')
          GROUP BY 1, 2;
          RETURN NULL;
        END IF;
      END IF;
      IF TG_OP IN ('UPDATE', 'DELETE') THEN ${perMethod('old_rows', -1)}
      END IF;
      IF TG_OP IN ('UPDATE', 'INSERT') THEN ${perMethod('new_rows', 1)}
      END IF;
      IF TG_OP IN ('UPDATE', 'DELETE') THEN ${allMethods('old_rows', -1)}
      END IF;
      IF TG_OP IN ('UPDATE', 'INSERT') THEN ${allMethods('new_rows', 1)}
      END IF;
      RETURN NULL;
    END $$;
  `,
  );
}
