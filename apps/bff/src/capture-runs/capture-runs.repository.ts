import { sql, type ExpressionBuilder } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { paginate, readInChunks, type Page } from '../db/paginate.ts';
import type { CaptureRunItemRow, CaptureRunItemStatus, CaptureRunRow, Database } from '../db/schema.ts';
import type { Condition, ListQuery, ListSpec } from '../http/list-query.ts';
import { authorizationTtlDays, EXPIRING_SOON_HOURS } from '../payments/payments.repository.ts';

/** What a run captures: the payments of these ids, or the authorizations a payments-list filter matches. */
export type Selection = { ids: number[] } | { filter: Record<string, unknown> };

/** Why a payment a selection names is left out of the capture. */
export const EXCLUSIONS = ['not_preauth', 'operation_in_flight', 'fraud_review', 'authorization_expired'] as const;
export type Exclusion = (typeof EXCLUSIONS)[number];

/** The maximum in flight per payment method, unless its `max_concurrency` preference says otherwise. */
export const DEFAULT_MAX_CONCURRENCY = 32;
/** An authorization that lapses within this many hours is "expiring soon" in a preview. */
export { EXPIRING_SOON_HOURS };

type PaymentsEb = ExpressionBuilder<Database & { payments: Database['payments'] }, 'payments' | 'payment_methods'>;

const expiresAt = sql<Date>`(payments.created_at + make_interval(days => ${authorizationTtlDays}))`;

/** The exclusion of a payment (null: it can be captured), in the order a capture checks them. */
const exclusionOf = sql<Exclusion | null>`case
  when payments.status <> 'preauth' then 'not_preauth'
  when payments.operation is not null then 'operation_in_flight'
  when payments.fraud_status in ('review', 'reject') then 'fraud_review'
  when ${authorizationTtlDays} is not null and ${expiresAt} <= now() then 'authorization_expired'
end`;

/** The error an excluded item records, as a capture of it would be refused. */
const exclusionCode = sql<string | null>`case
  when payments.status <> 'preauth' or payments.operation is not null or payments.fraud_status in ('review', 'reject') then 'InvalidState'
  when ${authorizationTtlDays} is not null and ${expiresAt} <= now() then 'AuthorizationExpired'
end`;
const exclusionMessage = sql<string | null>`case
  when payments.status <> 'preauth' then 'A ' || payments.status || ' payment cannot be captured.'
  when payments.operation is not null then 'A ' || payments.operation || ' of this payment is already in progress.'
  when payments.fraud_status in ('review', 'reject') then 'A payment whose fraud status is ' || payments.fraud_status || ' cannot be captured.'
  when ${authorizationTtlDays} is not null and ${expiresAt} <= now()
    then 'The authorization expired on ' || to_char(${expiresAt} at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC; it can no longer be captured.'
end`;

/**
 * The payments a selection names. A filter names authorizations only (status preauth): a run never holds the
 * rest of the payments list. Ids name what they name, whatever its status (those are then excluded).
 */
function selected(db: Db | Tx, selection: Selection, conditions: Condition[]) {
  const base = db
    .selectFrom('payments')
    .innerJoin('payment_methods', 'payment_methods.id', 'payments.payment_method_id');
  if ('ids' in selection) return base.where('payments.id', 'in', selection.ids.length ? selection.ids : [0]);
  return base.where((eb: PaymentsEb) =>
    eb.and([eb('payments.status', '=', 'preauth'), ...conditions.map((condition) => condition(eb as never))]),
  );
}

/** Which of these ids are payments. */
export async function existingPaymentIds(db: Db, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('payments').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((row) => row.id));
}

export interface PreviewRow {
  currency: string;
  exclusion: Exclusion | null;
  count: number;
  amount: string;
  expiring_soon: number;
}

/** A run's preview: counts and amounts per currency and exclusion, and how many lapse soon. One scan. */
export function previewRows(db: Db, selection: Selection, conditions: Condition[]): Promise<PreviewRow[]> {
  return selected(db, selection, conditions)
    .select([
      'payments.currency',
      exclusionOf.as('exclusion'),
      sql<number>`count(*)`.as('count'),
      sql<string>`sum(payments.total)`.as('amount'),
      sql<number>`count(*) filter (where ${exclusionOf} is null and ${authorizationTtlDays} is not null
        and ${expiresAt} < now() + make_interval(hours => ${EXPIRING_SOON_HOURS}))`.as('expiring_soon'),
    ])
    .groupBy(['payments.currency', sql`2`])
    .orderBy('payments.currency')
    .execute() as Promise<PreviewRow[]>;
}

export interface NewCaptureRun {
  selection: Selection;
  created_by: number;
  created_ip: string | null;
  created_user_agent: string | null;
  retry_of?: number | null;
}

/**
 * Makes a run and fixes its payments: one INSERT … SELECT of its items (the excluded ones already skipped,
 * with the reason), then its total and payment methods from them.
 */
export async function insertCaptureRun(tx: Tx, run: NewCaptureRun, conditions: Condition[]): Promise<CaptureRunRow> {
  const { id } = await tx
    .insertInto('capture_runs')
    .values({
      selection: JSON.stringify(run.selection),
      total: 0,
      method_ids: [],
      created_by: run.created_by,
      created_ip: run.created_ip,
      created_user_agent: run.created_user_agent,
      retry_of: run.retry_of ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('capture_run_items')
    .columns([
      'run_id',
      'payment_id',
      'payment_method_id',
      'currency',
      'amount',
      'status',
      'exclusion',
      'error_code',
      'error_message',
      'finished_at',
    ])
    .expression(
      selected(tx, run.selection, conditions)
        .select([
          sql.lit(id).as('run_id'),
          'payments.id',
          'payments.payment_method_id',
          'payments.currency',
          'payments.total',
          sql<CaptureRunItemStatus>`case when ${exclusionOf} is null then 'queued' else 'skipped' end`.as('status'),
          exclusionOf.as('exclusion'),
          exclusionCode.as('error_code'),
          exclusionMessage.as('error_message'),
          sql<Date | null>`case when ${exclusionOf} is null then null else now() end`.as('finished_at'),
        ])
        .orderBy('payments.id'),
    )
    .execute();
  return tx
    .updateTable('capture_runs')
    .set({
      total: sql<number>`(select count(*) from capture_run_items where run_id = ${id})`,
      method_ids: sql<
        number[]
      >`(select coalesce(array_agg(distinct payment_method_id), '{}') from capture_run_items where run_id = ${id} and status = 'queued')`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Each item's outcome, for the bulk capture's answer. */
export function runItemOutcomes(db: Db, runId: number) {
  return db
    .selectFrom('capture_run_items')
    .select(['payment_id', 'status', 'error_code', 'error_message'])
    .where('run_id', '=', runId)
    .execute();
}

/** The failed items of a run: what a retry captures again. */
export async function failedPaymentIds(db: Db, runId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('capture_run_items')
    .select('payment_id')
    .where('run_id', '=', runId)
    .where('status', '=', 'failed')
    .orderBy('payment_id')
    .execute();
  return rows.map((row) => row.payment_id);
}

export interface RunCounts {
  queued: number;
  in_flight: number;
  captured: number;
  failed: number;
  skipped: number;
  captured_amounts: Record<string, string>;
}

const emptyCounts = (): RunCounts => ({
  queued: 0,
  in_flight: 0,
  captured: 0,
  failed: 0,
  skipped: 0,
  captured_amounts: {},
});

/** The progress of runs still going, counted from their items (so it is never out of step with them). */
export async function countItems(db: Db | Tx, runIds: number[]): Promise<Map<number, RunCounts>> {
  const counts = new Map<number, RunCounts>(runIds.map((id) => [id, emptyCounts()]));
  if (runIds.length === 0) return counts;
  const rows = await db
    .selectFrom('capture_run_items')
    .select([
      'run_id',
      'status',
      'currency',
      sql<number>`count(*)`.as('n'),
      sql<string | null>`sum(captured_amount)`.as('captured_amount'),
    ])
    .where('run_id', 'in', runIds)
    .groupBy(['run_id', 'status', 'currency'])
    .execute();
  for (const row of rows) {
    const run = counts.get(row.run_id)!;
    run[row.status] += row.n;
    if (row.status === 'captured' && row.captured_amount !== null) {
      run.captured_amounts[row.currency] = row.captured_amount;
    }
  }
  return counts;
}

export const captureRunListSpec: ListSpec = {
  resource: 'capture-runs',
  sortable: { id: 'capture_runs.id', created_at: 'capture_runs.created_at', status: 'capture_runs.status' },
  defaultSort: ['id', 'DESC'],
  filters: {
    id: { type: 'integer', column: 'capture_runs.id' },
    status: { type: 'text', column: 'capture_runs.status', values: ['queued', 'running', 'done', 'canceled'] },
    created_by: { type: 'integer', column: 'capture_runs.created_by' },
  },
  tieBreaker: 'capture_runs.id',
};

export function listCaptureRuns(db: Db, query: ListQuery): Promise<Page<CaptureRunRow>> {
  return paginate(db, db.selectFrom('capture_runs').selectAll(), query, 'capture_runs.id');
}

export function findCaptureRun(db: Db | Tx, id: number): Promise<CaptureRunRow | undefined> {
  return db.selectFrom('capture_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export type CaptureRunItemWithPayment = CaptureRunItemRow & { payment_identifier: string };

export const captureRunItemListSpec: ListSpec = {
  resource: 'capture-run-items',
  sortable: {
    id: 'capture_run_items.id',
    payment_id: 'capture_run_items.payment_id',
    status: 'capture_run_items.status',
    finished_at: 'capture_run_items.finished_at',
    gateway_duration_ms: 'capture_run_items.gateway_duration_ms',
  },
  defaultSort: ['id', 'ASC'],
  filters: {
    outcome: {
      type: 'text',
      column: 'capture_run_items.status',
      values: ['queued', 'in_flight', 'captured', 'failed', 'skipped'],
    },
    currency: { type: 'text', column: 'capture_run_items.currency' },
    payment_id: { type: 'integer', column: 'capture_run_items.payment_id' },
    error_code: { type: 'text', column: 'capture_run_items.error_code' },
    exclusion: { type: 'text', column: 'capture_run_items.exclusion', values: EXCLUSIONS },
  },
  tieBreaker: 'capture_run_items.id',
};

function selectItems(db: Db) {
  return db
    .selectFrom('capture_run_items')
    .innerJoin('payments', 'payments.id', 'capture_run_items.payment_id')
    .selectAll('capture_run_items')
    .select('payments.identifier as payment_identifier');
}

/** The list query, within one run. */
function inRun(runId: number, query: ListQuery): ListQuery {
  const condition: Condition = (eb) => eb('capture_run_items.run_id', '=', runId);
  return { ...query, conditions: [condition, ...query.conditions] };
}

export function listCaptureRunItems(db: Db, runId: number, query: ListQuery): Promise<Page<CaptureRunItemWithPayment>> {
  const scoped = inRun(runId, query);
  return paginate(db, selectItems(db), scoped, 'capture_run_items.id', {
    base: db.selectFrom('capture_run_items'),
    key: 'capture_run_items.id',
  });
}

/** A run's items the list query matches, in its order, `chunkSize` at a time (the run's CSV). */
export function captureRunItemsInChunks(
  db: Db,
  runId: number,
  query: ListQuery,
  chunkSize: number,
): AsyncIterable<CaptureRunItemWithPayment[]> {
  return readInChunks(selectItems(db), inRun(runId, query), 'capture_run_items.id', chunkSize);
}

/** The runs the runners work: not finished. */
export function activeRuns(db: Db): Promise<Pick<CaptureRunRow, 'id' | 'status' | 'method_ids'>[]> {
  return db
    .selectFrom('capture_runs')
    .select(['id', 'status', 'method_ids'])
    .where('finished_at', 'is', null)
    .orderBy('id')
    .execute();
}

export interface ClaimedItem {
  id: number;
  run_id: number;
  payment_id: number;
}

/** A method's `max_concurrency` preference, or the default. */
const maxConcurrency = sql<number>`case
  when payment_methods.preferences->>'max_concurrency' ~ '^[0-9]{1,4}$' and (payment_methods.preferences->>'max_concurrency')::int > 0
    then (payment_methods.preferences->>'max_concurrency')::int
  else ${sql.lit(DEFAULT_MAX_CONCURRENCY)}
end`;

/**
 * Takes up to `want` queued items of one payment method for this runner, oldest run first, under a lease —
 * and never more than the method's max_concurrency in flight across every instance: the method's row is
 * locked (FOR NO KEY UPDATE, which claims wait on and captures do not) while its in-flight items are counted and the new ones marked, so two runners cannot both fill the
 * last slots. SKIP LOCKED lets runners on other instances take other items at the same moment.
 */
export async function claimItems(
  db: Db,
  runnerId: string,
  methodId: number,
  runIds: number[],
  want: number,
  leaseSeconds: number,
): Promise<{ items: ClaimedItem[]; limit: number }> {
  return db.transaction().execute(async (tx) => {
    const method = await tx
      .selectFrom('payment_methods')
      .select(maxConcurrency.as('limit'))
      .where('id', '=', methodId)
      // Not FOR UPDATE: every capture's log entry holds a key share of its method's row until it commits.
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (!method) return { items: [], limit: 0 };
    const result = await sql<ClaimedItem>`
      UPDATE capture_run_items
      SET status = 'in_flight', claimed_by = ${runnerId}, leased_until = now() + make_interval(secs => ${leaseSeconds}),
        started_at = now()
      WHERE id IN (
        SELECT id FROM capture_run_items
        WHERE payment_method_id = ${methodId} AND status = 'queued' AND run_id = ANY(${runIds})
        ORDER BY run_id, id
        LIMIT greatest(0, least(${want}::int, ${method.limit}::int - (
          SELECT count(*) FROM capture_run_items WHERE payment_method_id = ${methodId} AND status = 'in_flight')::int))
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id, run_id, payment_id`.execute(tx);
    const items = result.rows.map((row) => ({ ...row, id: Number(row.id) }));
    const started = [...new Set(items.map((item) => item.run_id))];
    if (started.length > 0) {
      await tx
        .updateTable('capture_runs')
        .set({ status: 'running', started_at: new Date() })
        .where('id', 'in', started)
        .where('status', '=', 'queued')
        .execute();
    }
    return { items: items.sort((a, b) => a.id - b.id), limit: method.limit };
  });
}

/** The payment methods' max_concurrency, for runners that have not claimed from them yet. */
export async function concurrencyLimits(db: Db, methodIds: number[]): Promise<Map<number, number>> {
  if (methodIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('payment_methods')
    .select(['id', maxConcurrency.as('limit')])
    .where('id', 'in', methodIds)
    .execute();
  return new Map(rows.map((row) => [row.id, row.limit]));
}

export interface ItemOutcome {
  status: 'captured' | 'failed' | 'skipped';
  error_code: string | null;
  error_message: string | null;
}

/** The next item a runner takes the moment one of its items is recorded: that item's slot, handed on. */
export interface HandOff {
  runnerId: string;
  methodId: number;
  leaseSeconds: number;
  /** Only this run's items (a request that waits for its own run). */
  onlyRun?: number;
}

/**
 * Records what became of an item, if it is still in flight: its captured amount is the payment's, its
 * gateway duration the one given (else that of the payment's capture log entry since the item started).
 * With `handOff`, in the same statement, takes the next queued item of the method (oldest run first) in its
 * place: the method's count in flight stays as it was, so its max_concurrency still holds across instances
 * without locking the method, and the runner keeps its calls in flight without waiting for a claim.
 */
export async function recordItem(
  db: Db | Tx,
  itemId: number,
  outcome: ItemOutcome,
  { durationMs, handOff }: { durationMs?: number; handOff?: HandOff } = {},
): Promise<{ recorded: boolean; next?: ClaimedItem; limit?: number }> {
  const duration =
    durationMs === undefined
      ? sql<number | null>`(
        SELECT l.duration_ms FROM log_entries l
        WHERE l.payment_id = i.payment_id AND l.action = 'capture' AND l.created_at >= i.started_at
        ORDER BY l.created_at DESC LIMIT 1)`
      : sql<number>`${durationMs}::int`;
  const done = sql`
    UPDATE capture_run_items i
    SET status = ${outcome.status}, error_code = ${outcome.error_code}, error_message = ${outcome.error_message},
      captured_amount = CASE WHEN ${outcome.status} = 'captured'
        THEN (SELECT p.captured_amount FROM payments p WHERE p.id = i.payment_id) END,
      gateway_duration_ms = ${duration},
      finished_at = now(), leased_until = NULL
    WHERE i.id = ${itemId} AND i.status = 'in_flight'
    RETURNING i.id`;
  if (!handOff) {
    const result = await sql<{ id: number }>`${done}`.execute(db);
    return { recorded: result.rows.length > 0 };
  }
  const { runnerId, methodId, leaseSeconds, onlyRun } = handOff;
  const result = await sql<{
    recorded: boolean;
    limit: number;
    id: number | null;
    run_id: number | null;
    payment_id: number | null;
  }>`
    WITH done AS (${done}),
    next AS (
      UPDATE capture_run_items
      SET status = 'in_flight', claimed_by = ${runnerId}, leased_until = now() + make_interval(secs => ${leaseSeconds}),
        started_at = now()
      WHERE id = (
        SELECT id FROM capture_run_items
        WHERE payment_method_id = ${methodId} AND status = 'queued' AND EXISTS (SELECT 1 FROM done)
          ${onlyRun === undefined ? sql`` : sql`AND run_id = ${onlyRun}`}
        ORDER BY run_id, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED
      ) AND status = 'queued'
      RETURNING id, run_id, payment_id
    ),
    started AS (
      UPDATE capture_runs SET status = 'running', started_at = now()
      WHERE id IN (SELECT run_id FROM next) AND status = 'queued'
    )
    SELECT EXISTS (SELECT 1 FROM done) AS recorded,
      (SELECT ${maxConcurrency} FROM payment_methods WHERE payment_methods.id = ${methodId}) AS limit,
      next.id, next.run_id, next.payment_id
    FROM (SELECT 1) AS one LEFT JOIN next ON true`.execute(db);
  const row = result.rows[0]!;
  return {
    recorded: row.recorded,
    limit: row.limit ?? 0,
    next: row.id === null ? undefined : { id: Number(row.id), run_id: row.run_id!, payment_id: row.payment_id! },
  };
}

/**
 * Keeps this runner's items in flight leased: a lease that ends means the runner is gone. An item locked now is
 * having its answer recorded, and is left alone rather than waited for: waiting could outlast the lock timeout
 * and leave every other item's lease to lapse.
 */
export async function renewLeases(db: Db, runnerId: string, leaseSeconds: number): Promise<void> {
  await sql`
    UPDATE capture_run_items SET leased_until = now() + make_interval(secs => ${leaseSeconds})
    WHERE id IN (
      SELECT id FROM capture_run_items
      WHERE status = 'in_flight' AND claimed_by = ${runnerId}
      FOR UPDATE SKIP LOCKED
    )`.execute(db);
}

export interface OrphanedItem {
  id: number;
  run_id: number;
  payment_id: number;
  started_at: Date;
}

/** Items in flight whose lease ended (their runner died), taken by this runner to be looked at. */
export async function takeOrphanedItems(
  db: Db,
  runnerId: string,
  limit: number,
  leaseSeconds: number,
): Promise<OrphanedItem[]> {
  const result = await sql<OrphanedItem>`
    UPDATE capture_run_items SET claimed_by = ${runnerId}, leased_until = now() + make_interval(secs => ${leaseSeconds})
    WHERE id IN (
      SELECT id FROM capture_run_items
      WHERE status = 'in_flight' AND leased_until < now()
      ORDER BY leased_until
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, run_id, payment_id, started_at`.execute(db);
  return result.rows.map((row) => ({ ...row, id: Number(row.id) }));
}

/** Whether the gateway was asked anything about this payment's capture since `since` (a log entry says so). */
export async function hasGatewayTrace(db: Db, paymentId: number, since: Date): Promise<boolean> {
  const row = await db
    .selectFrom('log_entries')
    .select('id')
    .where('payment_id', '=', paymentId)
    .where('action', 'in', ['capture', 'retrieve'])
    .where('created_at', '>=', since)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** An orphaned item whose capture never reached the gateway: queued again, to be captured once. */
export async function requeueItem(db: Db, itemId: number): Promise<void> {
  await db
    .updateTable('capture_run_items')
    .set({ status: 'queued', claimed_by: null, leased_until: null, started_at: null })
    .where('id', '=', itemId)
    .where('status', '=', 'in_flight')
    .execute();
}

/**
 * Ends a run once none of its items is queued or in flight, keeping its final counts on the run. Safe on
 * several runners at once: only the first sets finished_at.
 */
export async function finishRunIfDone(db: Db, runId: number): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const run = await tx
      .selectFrom('capture_runs')
      .select(['id', 'finished_at'])
      .where('id', '=', runId)
      .forUpdate()
      .executeTakeFirst();
    if (!run || run.finished_at) return false;
    const counts = (await countItems(tx, [runId])).get(runId)!;
    if (counts.queued + counts.in_flight > 0) return false;
    await tx
      .updateTable('capture_runs')
      .set({
        status: sql`case when status = 'canceled' then 'canceled' else 'done' end`,
        started_at: sql`coalesce(started_at, now())`,
        finished_at: new Date(),
        captured: counts.captured,
        failed: counts.failed,
        skipped: counts.skipped,
        captured_amounts: JSON.stringify(counts.captured_amounts),
      })
      .where('id', '=', runId)
      .execute();
    return true;
  });
}

/**
 * Cancels a run that is not finished: its queued items are skipped (nobody takes them any more); items in
 * flight finish and are recorded. Returns false when the run had already ended.
 */
export async function cancelCaptureRun(tx: Tx, runId: number, staffId: number): Promise<boolean> {
  const updated = await tx
    .updateTable('capture_runs')
    .set({ status: 'canceled', canceled_by: staffId, canceled_at: new Date() })
    .where('id', '=', runId)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return false;
  await tx
    .updateTable('capture_run_items')
    .set({
      status: 'skipped',
      error_code: 'Canceled',
      error_message: 'The run was canceled before this payment was captured.',
      finished_at: new Date(),
    })
    .where('run_id', '=', runId)
    .where('status', '=', 'queued')
    .execute();
  return true;
}

/** The creator of a run and where the run was made from: the context its captures run in. */
export function runOrigin(db: Db, runId: number) {
  return db
    .selectFrom('capture_runs')
    .innerJoin('staff_users', 'staff_users.id', 'capture_runs.created_by')
    .selectAll('staff_users')
    .select(['capture_runs.created_ip', 'capture_runs.created_user_agent'])
    .where('capture_runs.id', '=', runId)
    .executeTakeFirst();
}
