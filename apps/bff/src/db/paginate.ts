import { type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Condition, ListQuery } from '../http/list-query.ts';
import { PLANNED_PER_EXECUTION } from './prepared-statements.ts';

export interface Page<T> {
  rows: T[];
  total: number;
}

/**
 * Totals are exact up to this many matching rows; above it, the total is PostgreSQL's estimate (never below
 * EXACT_COUNT_LIMIT + 1). An exact count(*) visits every matching row: over a million payments that is tens
 * to hundreds of milliseconds for a page of 25, and nobody pages through ten thousand rows to check it.
 * Every test data set is far below this, so their totals are exact.
 */
export const EXACT_COUNT_LIMIT = 10_000;

export interface PaginateOptions<DB, TB extends keyof DB> {
  /**
   * The list's main table alone (e.g. `db.selectFrom('payments')`), when `select` joins tables that only add
   * columns — inner joins on NOT NULL foreign keys, one row each — and every filter is on the main table.
   * Counting then skips the joins, and the page is chosen on the main table first (a "deferred join":
   * the joins run for the rows shown, not for every row an OFFSET skips).
   */
  base?: SelectQueryBuilder<DB, TB, {}>;
  /** The main table's key column in `base` (e.g. 'payments.id'); needed with `base`. */
  key?: string;
}

/** Applies a list query's filters, sort and range to a select, and counts the matching rows. */
export async function paginate<DB, TB extends keyof DB, O>(
  db: Kysely<any>,
  select: SelectQueryBuilder<DB, TB, O>,
  query: ListQuery,
  tieBreaker: string,
  options: PaginateOptions<DB, TB> = {},
): Promise<Page<O>> {
  const where = <Q extends SelectQueryBuilder<DB, TB, any>>(qb: Q): Q =>
    query.conditions.length
      ? (qb.where((eb) => eb.and(query.conditions.map((condition) => condition(eb as never)))) as Q)
      : qb;
  const sorted = <Q extends SelectQueryBuilder<DB, TB, any>>(qb: Q): Q =>
    qb.orderBy(sql.ref(query.sort.column), query.sort.order).orderBy(sql.ref(tieBreaker), query.sort.order) as Q;
  // A filtered list is planned for its values every time (prepared-statements.ts); an unfiltered one runs prepared.
  const planned = <Q extends SelectQueryBuilder<DB, TB, any>>(qb: Q): Q =>
    query.conditions.length ? (qb.modifyFront(sql.raw(PLANNED_PER_EXECUTION)) as Q) : qb;

  let page: SelectQueryBuilder<DB, TB, O>;
  if (options.base && options.key) {
    const key = sql.ref(options.key);
    const chosen = sorted(where(options.base)).select(key.as('key')).limit(query.limit).offset(query.offset);
    page = planned(sorted(select.where(key, 'in', chosen as never)));
  } else {
    page = planned(sorted(where(select)).limit(query.limit).offset(query.offset));
  }
  // The page and its total at the same time (two connections from the pool; PGlite runs them in turn).
  const [rows, total] = await Promise.all([page.execute(), countMatching(db, planned(where(options.base ?? select)))]);
  return { rows, total };
}

/**
 * The planner's expectation above which its estimate is used without reading a row: a set it takes for
 * 100,000 rows would have to be ten times smaller than that to be one of the small sets counted exactly.
 */
const TRUSTED_ESTIMATE = 10 * EXACT_COUNT_LIMIT;

/**
 * The number of matching rows: exact when at most EXACT_COUNT_LIMIT, else the planner's estimate.
 * 1. EXPLAIN's row estimate (planning only, nothing is read; from pg_class.reltuples and the column statistics
 *    autovacuum's ANALYZE keeps). Above TRUSTED_ESTIMATE — the unfiltered list, a common status — that is the
 *    total: one round trip, however many rows match.
 * 2. Otherwise one count of at most EXACT_COUNT_LIMIT + 1 matching rows (a LIMIT inside the count, no sort, so it
 *    stops early): up to the limit, that is the exact total; past it, the estimate, raised to EXACT_COUNT_LIMIT + 1
 *    if it says less.
 * So a total up to 10,000 is always exact, and a total above it means "more than 10,000": an estimate that can
 * be off by the planner's error, which only moves where the last page is.
 */
async function countMatching<DB, TB extends keyof DB>(
  db: Kysely<any>,
  filtered: SelectQueryBuilder<DB, TB, any>,
): Promise<number> {
  const matching = filtered.clearSelect().clearOrderBy().select(sql.lit(1).as('one'));
  const estimate = await plannedRows(matching);
  if (estimate > TRUSTED_ESTIMATE) return estimate;
  const { counted } = await db
    .selectFrom(matching.limit(EXACT_COUNT_LIMIT + 1).as('matching'))
    .select(sql<number>`count(*)`.as('counted'))
    .executeTakeFirstOrThrow();
  return counted > EXACT_COUNT_LIMIT ? Math.max(estimate, EXACT_COUNT_LIMIT + 1) : Number(counted);
}

async function plannedRows(query: SelectQueryBuilder<any, any, any>): Promise<number> {
  const [explained] = await query.explain<{ 'QUERY PLAN': unknown }>('json');
  // pg parses the json column; keep working if a driver hands it over as text.
  const plan =
    typeof explained?.['QUERY PLAN'] === 'string' ? JSON.parse(explained['QUERY PLAN']) : explained?.['QUERY PLAN'];
  return Math.round(Number((plan as [{ Plan?: { 'Plan Rows'?: number } }] | undefined)?.[0]?.Plan?.['Plan Rows']) || 0);
}

/**
 * Where the next chunk starts: at the beginning; after a row (its sort key as PostgreSQL's text of it, and its
 * tie-breaking id); or at the first NULL key (ascending, once the values are read) or the first value
 * (descending, once the NULLs are read).
 */
type KeysetPhase =
  | { at: 'start' }
  | { at: 'after'; key: string | null; id: number }
  | { at: 'first-null' }
  | { at: 'first-value' };

/**
 * A list query's filters and sort applied to a select, read in chunks of `chunkSize` rows (for exports): each
 * chunk starts after the last row of the one before (keyset pagination on the sort key and the tie breaker),
 * so no OFFSET rescans what was read and no more than one chunk is ever in memory, however many rows match.
 * The range of the query is ignored. The sort key is carried as text and compared as the column's own type
 * (PostgreSQL infers the parameter's type from the column), so timestamps keep their microseconds. NULLs come
 * where PostgreSQL puts them, last ascending and first descending, read as a run of their own (by id), so that
 * every chunk's condition is one an index on the sort key can answer (a row comparison, or IS NULL), never an
 * OR. The tie breaker must be the main table's integer key.
 */
export async function* readInChunks<DB, TB extends keyof DB, O>(
  select: SelectQueryBuilder<DB, TB, O>,
  query: ListQuery,
  tieBreaker: string,
  chunkSize: number,
): AsyncGenerator<O[]> {
  const order = query.sort.order;
  const column = sql.ref(query.sort.column);
  const id = sql.ref(tieBreaker);
  const byIdAlone = query.sort.column === tieBreaker;
  const { conditions } = query;
  let phase: KeysetPhase = { at: 'start' };
  for (;;) {
    const position = keysetCondition(column, id, order, phase);
    let chunk = select
      .select([sql<string | null>`(${column})::text`.as('__keyset_key'), sql<number>`${id}`.as('__keyset_id')])
      .orderBy(column, order)
      .orderBy(id, order)
      .limit(chunkSize);
    const where: Condition[] = position ? [...conditions, () => position] : conditions;
    if (where.length) {
      chunk = chunk.where((eb) => eb.and(where.map((condition) => condition(eb as never)))) as typeof chunk;
    }
    if (conditions.length) chunk = chunk.modifyFront(sql.raw(PLANNED_PER_EXECUTION)) as typeof chunk;
    const rows = (await chunk.execute()) as (O & { __keyset_key: string | null; __keyset_id: number })[];
    yield rows.map(({ __keyset_key: _key, __keyset_id: _id, ...row }) => row as O);
    const last = rows.at(-1);
    if (last && rows.length === chunkSize) {
      phase = { at: 'after', key: last.__keyset_key, id: Number(last.__keyset_id) };
      continue;
    }
    const next: KeysetPhase | undefined = byIdAlone ? undefined : nextRun(phase, order);
    if (!next) return;
    phase = next;
  }
}

/**
 * After a short chunk, the run that follows: the NULLs after the values (ascending), the values after the
 * NULLs (descending); none after the last run, or after a first chunk (it had no condition: it held both).
 */
function nextRun(phase: KeysetPhase, order: 'asc' | 'desc'): KeysetPhase | undefined {
  if (phase.at === 'start') return undefined;
  const inNulls = phase.at === 'first-null' || (phase.at === 'after' && phase.key === null);
  if (order === 'asc') return inNulls ? undefined : { at: 'first-null' };
  return inNulls ? { at: 'first-value' } : undefined;
}

/** The condition of a chunk's run: rows after `phase` in the order (column, id). */
function keysetCondition(
  column: RawBuilder<unknown>,
  id: RawBuilder<unknown>,
  order: 'asc' | 'desc',
  phase: KeysetPhase,
): RawBuilder<SqlBool> | undefined {
  const beyond = order === 'asc' ? sql.raw('>') : sql.raw('<');
  switch (phase.at) {
    case 'start':
      return undefined;
    case 'first-null':
      return sql<SqlBool>`${column} is null`;
    case 'first-value':
      return sql<SqlBool>`${column} is not null`;
    case 'after':
      if (phase.key === null) return sql<SqlBool>`(${column} is null and ${id} ${beyond} ${phase.id})`;
      return sql<SqlBool>`(${column}, ${id}) ${beyond} (${phase.key}, ${phase.id})`;
  }
}
