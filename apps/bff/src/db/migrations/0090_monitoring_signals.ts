import type { Kysely } from 'kysely';
import { runScript } from '../run-script.ts';

const BIN = `date_bin(interval '5 minutes', created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00')`;

/** The rollup's columns, counted from a set of log entries (new_rows, old_rows or log_entries). */
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
/** The counts, negated for the rows a statement removed. */
const signed = (sign: 1 | -1) =>
  sign === 1
    ? COUNTS
    : COUNTS.split(',\n')
        .map((c) => `-${c.trim()}`)
        .join(',\n  ');

const upsert = (rows: string, sign: 1 | -1) => `
        INSERT INTO monitoring_buckets_5m AS b (bucket_start, payment_method_id, ${COLUMNS})
        SELECT ${BIN}, payment_method_id, ${signed(sign)}
        FROM ${rows}
        WHERE action IN ('authorize', 'purchase', 'capture', 'void', 'refund')
        GROUP BY 1, 2
        ORDER BY 1, 2
        ON CONFLICT (bucket_start, payment_method_id) DO UPDATE SET ${ADD};`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    -- Which kind of failure a failed authorize or purchase is, by its error code: fraud blocks, technical
    -- failures (no answer, an answer that makes no sense, the gateway's own errors: the outcome is unknown)
    -- or, otherwise, the issuer's decline. A failure without a code had no answer. The lists are the
    -- gateway adapters' codes (bogus, sandbox, carrier, stripe) and the common ones of card gateways.
    CREATE FUNCTION monitoring_failure_kind(error_code text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE
        WHEN error_code IN ('fraud_suspected', 'fraudulent', 'suspected_fraud', 'fraud_blocked', 'risk_blocked',
                            'highest_risk_level', 'merchant_blacklist', 'stolen_card', 'lost_card', 'pickup_card',
                            'blocked') THEN 'fraud'
        WHEN error_code IS NULL
          OR error_code IN ('timeout', 'connection_error', 'connection_refused', 'connection_reset', 'bad_response',
                            'bad_request', 'rate_limit', 'authentication_error', 'idempotency_error', 'api_error',
                            'processing_error', 'gateway_error', 'service_unavailable', 'issuer_unavailable',
                            'try_again_later', 'unknown')
          OR error_code LIKE 'http\\_%' THEN 'technical'
        ELSE 'decline'
      END
    $$;

    -- The monitoring rollup, replacing attempt_buckets_5m: per 5 minutes and payment method, the payment
    -- attempts (authorize, purchase) with their failures by kind, and the money operations (capture, void,
    -- refund) with theirs. Kept exact by the triggers below in the writing transaction. Log entries are
    -- counted by action, whatever the method's type: carrier billing counts like cards.
    CREATE TABLE monitoring_buckets_5m (
      bucket_start timestamptz NOT NULL,
      payment_method_id integer NOT NULL REFERENCES payment_methods (id),
      attempts integer NOT NULL,
      declines integer NOT NULL,
      technical integer NOT NULL,
      fraud integer NOT NULL,
      captures integer NOT NULL,
      capture_failures integer NOT NULL,
      voids integer NOT NULL,
      void_failures integer NOT NULL,
      refunds integer NOT NULL,
      refund_failures integer NOT NULL,
      PRIMARY KEY (bucket_start, payment_method_id)
    );

    INSERT INTO monitoring_buckets_5m (bucket_start, payment_method_id, ${COLUMNS})
    SELECT ${BIN}, payment_method_id, ${COUNTS}
    FROM log_entries
    WHERE action IN ('authorize', 'purchase', 'capture', 'void', 'refund')
    GROUP BY 1, 2;

    CREATE FUNCTION monitoring_buckets_5m_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE monitoring_buckets_5m;
        RETURN NULL;
      END IF;
      IF TG_OP IN ('UPDATE', 'DELETE') THEN ${upsert('old_rows', -1)}
      END IF;
      IF TG_OP IN ('UPDATE', 'INSERT') THEN ${upsert('new_rows', 1)}
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER monitoring_buckets_5m_insert AFTER INSERT ON log_entries
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION monitoring_buckets_5m_sync();
    CREATE TRIGGER monitoring_buckets_5m_update AFTER UPDATE ON log_entries
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION monitoring_buckets_5m_sync();
    CREATE TRIGGER monitoring_buckets_5m_delete AFTER DELETE ON log_entries
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION monitoring_buckets_5m_sync();
    CREATE TRIGGER monitoring_buckets_5m_truncate AFTER TRUNCATE ON log_entries
      FOR EACH STATEMENT EXECUTE FUNCTION monitoring_buckets_5m_sync();

    DROP TRIGGER attempt_buckets_5m_insert ON log_entries;
    DROP TRIGGER attempt_buckets_5m_update ON log_entries;
    DROP TRIGGER attempt_buckets_5m_delete ON log_entries;
    DROP TRIGGER attempt_buckets_5m_truncate ON log_entries;
    DROP FUNCTION attempt_buckets_5m_sync();
    DROP TABLE attempt_buckets_5m;

    -- Spike episodes: one row per signal from the moment its spike started to the moment it resolved. At
    -- most one open episode per signal, so two instances evaluating at once record (and announce) it once.
    CREATE TABLE spike_episodes (
      id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      signal text NOT NULL,
      started_at timestamptz NOT NULL,
      resolved_at timestamptz,
      started_body jsonb NOT NULL,
      resolved_body jsonb,
      CHECK (resolved_at IS NULL OR resolved_at >= started_at)
    );
    CREATE UNIQUE INDEX spike_episodes_open_idx ON spike_episodes (signal) WHERE resolved_at IS NULL;
    CREATE INDEX spike_episodes_started_idx ON spike_episodes (started_at DESC);

    -- Alert deliveries to alert_webhook_urls, with their attempts (as callback_deliveries): each started
    -- and resolved episode once per URL.
    CREATE TABLE alert_deliveries (
      id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      episode_id integer NOT NULL REFERENCES spike_episodes (id),
      event text NOT NULL CHECK (event IN ('spike.started', 'spike.resolved')),
      url text NOT NULL,
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      last_response_code integer,
      last_error text,
      next_attempt_at timestamptz,
      delivered_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (episode_id, event, url)
    );
    CREATE INDEX alert_deliveries_created_idx ON alert_deliveries (created_at DESC, id DESC);
    CREATE TABLE alert_attempts (
      id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      delivery_id integer NOT NULL REFERENCES alert_deliveries (id),
      response_code integer,
      error text,
      duration_ms integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX alert_attempts_delivery_idx ON alert_attempts (delivery_id, created_at DESC);

    -- The secret alert webhooks are signed with (one row, made on first use).
    CREATE TABLE alert_signing_secret (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      secret text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
  `,
  );
}
