import type { SpikeAlertBody } from '@paydesk/contract';
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { paginate, type Page } from '../db/paginate.ts';
import type { ListQuery, ListSpec } from '../http/list-query.ts';
import { enqueueJob } from '../jobs/jobs.repository.ts';
import type { Signal } from '../monitoring/signals.ts';

/**
 * Spike episodes and the alert deliveries they make (0090_monitoring_signals, 0140_spike_episode_methods).
 * An episode opens when a signal's spike (over every payment method, or one method's own) starts and
 * closes when it resolves; at most one is open per signal and method (a partial unique index), so of two
 * instances that see the same start only one records it, and only that one announces it. Every read names
 * its columns.
 */

export interface SpikeEpisodeRow {
  id: number;
  signal: Signal;
  /** null: every payment method together. */
  payment_method_id: number | null;
  started_at: Date;
  resolved_at: Date | null;
  started_body: unknown;
  resolved_body: unknown;
}

export interface AlertDeliveryRow {
  id: number;
  episode_id: number;
  event: 'spike.started' | 'spike.resolved';
  url: string;
  payload: unknown;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  last_response_code: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
}

export interface AlertAttemptRow {
  id: number;
  response_code: number | null;
  error: string | null;
  duration_ms: number;
  created_at: Date;
}

const EPISODE_COLUMNS = [
  'id',
  'signal',
  'payment_method_id',
  'started_at',
  'resolved_at',
  'started_body',
  'resolved_body',
] as const;
const DELIVERY_COLUMNS = [
  'id',
  'episode_id',
  'event',
  'url',
  'payload',
  'status',
  'attempts',
  'last_response_code',
  'last_error',
  'next_attempt_at',
  'delivered_at',
  'created_at',
] as const;
const EPISODE = sql.raw(EPISODE_COLUMNS.join(', '));
const DELIVERY = sql.raw(DELIVERY_COLUMNS.join(', '));

type AnyDb = Db | Tx;
// The tables are not in schema.ts (Kysely's typed tables): raw SQL keeps them here alone.
const untyped = (db: AnyDb) => db as unknown as Db;

export async function openEpisodes(db: AnyDb): Promise<SpikeEpisodeRow[]> {
  const { rows } = await sql<SpikeEpisodeRow>`
    SELECT ${EPISODE} FROM spike_episodes WHERE resolved_at IS NULL
    ORDER BY signal, payment_method_id NULLS FIRST`.execute(untyped(db));
  return rows;
}

/**
 * Opens the episode of the signal over the method (null: every method); undefined when one is open
 * already (another instance was first).
 */
export async function openEpisode(
  tx: Tx,
  signal: Signal,
  paymentMethodId: number | null,
  startedAt: Date,
  body: Record<string, unknown>,
): Promise<SpikeEpisodeRow | undefined> {
  const { rows } = await sql<SpikeEpisodeRow>`
    INSERT INTO spike_episodes (signal, payment_method_id, started_at, started_body)
    VALUES (${signal}, ${paymentMethodId}, ${startedAt}, ${JSON.stringify(body)}::jsonb)
    ON CONFLICT (signal, payment_method_id) WHERE resolved_at IS NULL DO NOTHING
    RETURNING ${EPISODE}`.execute(untyped(tx));
  return rows[0];
}

/** Closes the signal's open episode; undefined when none is open (another instance closed it). */
export async function resolveEpisode(
  tx: Tx,
  episodeId: number,
  resolvedAt: Date,
  body: Record<string, unknown>,
): Promise<SpikeEpisodeRow | undefined> {
  const { rows } = await sql<SpikeEpisodeRow>`
    UPDATE spike_episodes SET resolved_at = greatest(${resolvedAt}, started_at), resolved_body = ${JSON.stringify(body)}::jsonb
    WHERE id = ${episodeId} AND resolved_at IS NULL
    RETURNING ${EPISODE}`.execute(untyped(tx));
  return rows[0];
}

/** One delivery per URL and its job, in the transaction that opened or closed the episode: the outbox. */
export async function enqueueAlertDeliveries(
  tx: Tx,
  episodeId: number,
  event: AlertDeliveryRow['event'],
  urls: readonly string[],
  payload: SpikeAlertBody,
): Promise<void> {
  for (const url of new Set(urls)) {
    const { rows } = await sql<{ id: number }>`
      INSERT INTO alert_deliveries (episode_id, event, url, payload, next_attempt_at)
      VALUES (${episodeId}, ${event}, ${url}, ${JSON.stringify(payload)}::jsonb, now())
      ON CONFLICT (episode_id, event, url) DO NOTHING
      RETURNING id`.execute(untyped(tx));
    if (rows[0]) await enqueueJob(tx, 'alert', { delivery_id: rows[0].id });
  }
}

export async function findAlertDelivery(db: Db, id: number): Promise<AlertDeliveryRow | undefined> {
  const { rows } = await sql<AlertDeliveryRow>`SELECT ${DELIVERY} FROM alert_deliveries WHERE id = ${id}`.execute(db);
  return rows[0];
}

export async function recordAlertAttempt(
  db: Db,
  deliveryId: number,
  attempt: { response_code: number | null; error: string | null; duration_ms: number },
  outcome: { status: AlertDeliveryRow['status']; next_attempt_at: Date | null },
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`
      INSERT INTO alert_attempts (delivery_id, response_code, error, duration_ms)
      VALUES (${deliveryId}, ${attempt.response_code}, ${attempt.error}, ${attempt.duration_ms})`.execute(tx);
    await sql`
      UPDATE alert_deliveries SET attempts = attempts + 1, last_response_code = ${attempt.response_code},
        last_error = ${attempt.error}, status = ${outcome.status}, next_attempt_at = ${outcome.next_attempt_at},
        delivered_at = ${outcome.status === 'delivered' ? new Date() : null}
      WHERE id = ${deliveryId}`.execute(tx);
  });
}

export const alertDeliveryListSpec: ListSpec = {
  resource: 'alert-deliveries',
  sortable: { id: 'id', created_at: 'created_at', status: 'status' },
  defaultSort: ['created_at', 'DESC'],
  filters: {
    id: { type: 'integer', column: 'id' },
    episode_id: { type: 'integer', column: 'episode_id' },
    event: { type: 'text', column: 'event', values: ['spike.started', 'spike.resolved'] },
    status: { type: 'text', column: 'status', values: ['pending', 'delivered', 'failed'] },
  },
  tieBreaker: 'id',
};

export function listAlertDeliveries(db: Db, query: ListQuery): Promise<Page<AlertDeliveryRow>> {
  const typed = db as unknown as Kysely<{ alert_deliveries: AlertDeliveryRow }>;
  return paginate(typed, typed.selectFrom('alert_deliveries').select(DELIVERY_COLUMNS), query, 'id');
}

export async function listAlertAttempts(db: Db, deliveryId: number): Promise<AlertAttemptRow[]> {
  const { rows } = await sql<AlertAttemptRow>`
    SELECT id, response_code, error, duration_ms, created_at FROM alert_attempts
    WHERE delivery_id = ${deliveryId} ORDER BY created_at DESC, id DESC`.execute(db);
  return rows;
}

export const episodeListSpec: ListSpec = {
  resource: 'spike-episodes',
  sortable: { id: 'id', started_at: 'started_at' },
  defaultSort: ['started_at', 'DESC'],
  filters: {
    signal: { type: 'text', column: 'signal' },
    payment_method_id: { type: 'integer', column: 'payment_method_id' },
  },
  tieBreaker: 'id',
};

export function listEpisodes(db: Db, query: ListQuery): Promise<Page<SpikeEpisodeRow>> {
  const typed = db as unknown as Kysely<{ spike_episodes: SpikeEpisodeRow }>;
  return paginate(typed, typed.selectFrom('spike_episodes').select(EPISODE_COLUMNS), query, 'id');
}

export async function findEpisode(db: Db, id: number): Promise<SpikeEpisodeRow | undefined> {
  const { rows } = await sql<SpikeEpisodeRow>`SELECT ${EPISODE} FROM spike_episodes WHERE id = ${id}`.execute(db);
  return rows[0];
}

/** The secret alert webhooks are signed with: made once, on first use, the same for every instance. */
export async function alertSigningSecret(db: Db): Promise<string> {
  const made = `whsec_${randomBytes(24).toString('base64url')}`;
  await sql`INSERT INTO alert_signing_secret (id, secret) VALUES (true, ${made}) ON CONFLICT (id) DO NOTHING`.execute(
    db,
  );
  const { rows } = await sql<{ secret: string }>`SELECT secret FROM alert_signing_secret`.execute(db);
  return rows[0]!.secret;
}
