import { sql, type SelectQueryBuilder } from 'kysely';
import type { ListQuery } from '../http/list-query.ts';

export interface Page<T> {
  rows: T[];
  total: number;
}

/** Applies a list query's filters, sort and range to a select, and counts the matching rows. */
export async function paginate<DB, TB extends keyof DB, O>(
  select: SelectQueryBuilder<DB, TB, O>,
  query: ListQuery,
  tieBreaker: string,
): Promise<Page<O>> {
  const filtered = query.conditions.length
    ? select.where((eb) => eb.and(query.conditions.map((condition) => condition(eb as never))))
    : select;
  const rows = await filtered
    .orderBy(sql.ref(query.sort.column), query.sort.order)
    .orderBy(sql.ref(tieBreaker), query.sort.order)
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  const counted = await filtered
    .clearSelect()
    .select(sql<number>`count(*)`.as('total'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number((counted as { total: number }).total) };
}
