import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { ListQuery } from '../http/list-query.ts';
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
