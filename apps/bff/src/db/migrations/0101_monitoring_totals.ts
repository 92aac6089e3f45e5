import type { Kysely } from 'kysely';
import { runScript } from '../run-script.ts';

const BIN = `date_bin(interval '5 minutes', created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00')`;

/** The rollups' columns, counted from a set of log entries (new_rows or old_rows), as in 0090. */
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
/** The counts, negated for the rows a statement removed. */
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

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    -- No log entry is written while the rollup is made and its triggers changed: none is counted twice or
    -- missed (writers wait for this migration's transaction).
    LOCK TABLE log_entries IN SHARE MODE;

    -- The monitoring rollup without the method: per 5 minutes, monitoring_buckets_5m summed over every
    -- payment method (one row per bucket). The series and signals of every method read it: a 30-day
    -- series reads its 37 days of buckets once, not once per method. Kept exact by the same triggers as
    -- monitoring_buckets_5m, in the writing transaction, after the per-method rows (every writer locks
    -- the per-method rows first, then these, each in key order).
    CREATE TABLE monitoring_totals_5m (
      bucket_start timestamptz PRIMARY KEY,
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

    INSERT INTO monitoring_totals_5m (bucket_start, ${COLUMNS})
    SELECT bucket_start, ${SUMS}
    FROM monitoring_buckets_5m
    GROUP BY bucket_start;

    CREATE OR REPLACE FUNCTION monitoring_buckets_5m_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE monitoring_buckets_5m, monitoring_totals_5m;
        RETURN NULL;
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
