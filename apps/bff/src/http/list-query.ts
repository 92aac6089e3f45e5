import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { SIGNED_AMOUNT_PATTERN } from '@paydesk/contract/rules';
import { isCurrencyCode, minorUnits } from '@paydesk/domain';
import { z } from 'zod';
import { invalidArgument } from './errors.ts';
import { unsafeJsonProblem } from './json-body.ts';

/**
 * react-admin's ra-data-simple-rest list parameters (`sort`, `range`, `filter`), checked against what a
 * resource declares. Unknown sort fields and filter keys are a 400, never ignored.
 */

type AnyEb = ExpressionBuilder<any, any>;
export type Condition = (eb: AnyEb) => Expression<SqlBool>;

export type FilterSpec =
  | { type: 'integer'; column: string }
  | { type: 'text'; column: string; values?: readonly string[] }
  | { type: 'boolean'; column: string }
  /**
   * An amount compared in one currency: the filter named `currencyFilter` must choose a single currency, and
   * the amount may have no more decimals than that currency has (¥2,450 never matches "≥ 800.00 USD").
   */
  | { type: 'decimal'; column: string; op: '>=' | '<='; currencyFilter?: string }
  | { type: 'date'; column: string; op: '>=' | '<=' }
  | { type: 'search'; condition: (q: string) => Condition }
  /** One of a few words whose meaning depends on who asks (e.g. claimed: "me"). */
  | { type: 'choice'; values: readonly string[]; condition: (value: string, context: ListContext) => Condition };

/** Who is asking, for filters such as "claimed by me". */
export interface ListContext {
  staffUserId?: number;
}

export interface ListSpec {
  resource: string;
  /** Field name on the wire → the SQL column it sorts by. */
  sortable: Record<string, string>;
  defaultSort: [field: string, order: 'ASC' | 'DESC'];
  filters: Record<string, FilterSpec>;
  /** A condition every row of this resource meets (e.g. fraud reviews: fraud_status = 'review'). */
  scope?: Condition;
  /** Column that breaks ties so pages never overlap. */
  tieBreaker: string;
}

export interface ListQuery {
  sort: { column: string; field: string; order: 'asc' | 'desc' };
  offset: number;
  limit: number;
  conditions: Condition[];
}

export const MAX_PAGE_SIZE = 500;
const DEFAULT_PAGE_SIZE = 25;

const sortSchema = z.tuple([z.string(), z.enum(['ASC', 'DESC', 'asc', 'desc'])]);
const rangeSchema = z
  .tuple([z.number().int().min(0), z.number().int().min(0)])
  .refine(([start, end]) => end >= start, 'The range must end at or after its start.')
  .refine(([start, end]) => end - start < MAX_PAGE_SIZE, `A page holds at most ${MAX_PAGE_SIZE} records.`);
const filterSchema = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'Must be a JSON object.',
);

function parseJsonParam(name: string, raw: unknown): unknown {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw invalidArgument({ [name]: 'Must be given once, as JSON.' });
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw invalidArgument({ [name]: 'Must be valid JSON.' });
  }
  const problem = unsafeJsonProblem(value);
  if (problem) throw invalidArgument({ [name]: problem });
  return value;
}

function parseWith<T>(name: string, schema: z.ZodType<T>, value: unknown, fallback: T): T {
  if (value === undefined) return fallback;
  const result = schema.safeParse(value);
  if (!result.success) throw invalidArgument({ [name]: result.error.issues[0]?.message ?? 'Is not valid.' });
  return result.data;
}

export function parseListQuery(spec: ListSpec, query: Record<string, unknown>, context: ListContext = {}): ListQuery {
  const [field, order] = parseWith('sort', sortSchema, parseJsonParam('sort', query.sort), spec.defaultSort);
  // Own keys only: "constructor" or "__proto__" are names of no column.
  const column = Object.hasOwn(spec.sortable, field) ? spec.sortable[field] : undefined;
  if (!column) {
    throw invalidArgument({
      sort: `Cannot sort ${spec.resource} by "${field}". Sortable: ${Object.keys(spec.sortable).join(', ')}.`,
    });
  }
  const [start, end] = parseWith('range', rangeSchema, parseJsonParam('range', query.range), [
    0,
    DEFAULT_PAGE_SIZE - 1,
  ]);
  const filter = parseWith('filter', filterSchema, parseJsonParam('filter', query.filter), {});

  const conditions: Condition[] = spec.scope ? [spec.scope] : [];
  for (const [key, value] of Object.entries(filter)) {
    const filterSpec = Object.hasOwn(spec.filters, key) ? spec.filters[key] : undefined;
    if (!filterSpec) {
      throw invalidArgument({
        [`filter.${key}`]: `Unknown filter for ${spec.resource}. Filters: ${Object.keys(spec.filters).join(', ')}.`,
      });
    }
    if (value === undefined || value === null || value === '') continue;
    if (filterSpec.type === 'decimal' && filterSpec.currencyFilter)
      checkAmountCurrency(key, value, filter[filterSpec.currencyFilter], filterSpec.currencyFilter);
    conditions.push(filterCondition(key, filterSpec, value, context));
  }
  return {
    sort: { column, field, order: order.toLowerCase() as 'asc' | 'desc' },
    offset: start,
    limit: end - start + 1,
    conditions,
  };
}

const INTEGER = /^-?\d{1,10}$/;
/** Ids and counts are int4 in PostgreSQL. */
const INT4_MAX = 2_147_483_647;
/** The dates a filter may name: years 1 to 9999, well inside what PostgreSQL's timestamps hold. */
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function filterCondition(key: string, spec: FilterSpec, value: unknown, context: ListContext): Condition {
  const bad = (sentence: string) => invalidArgument({ [`filter.${key}`]: sentence });
  switch (spec.type) {
    case 'integer': {
      const values = (Array.isArray(value) ? value : [value]).map((v) => {
        const text = String(v);
        if ((typeof v !== 'number' && typeof v !== 'string') || !INTEGER.test(text))
          throw bad('Must be a whole number.');
        const number = Number(text);
        if (Math.abs(number) > INT4_MAX) throw bad(`Must be at most ${INT4_MAX}.`);
        return number;
      });
      return anyOf(spec.column, values);
    }
    case 'text': {
      const values = (Array.isArray(value) ? value : [value]).map((v) => {
        if (typeof v !== 'string') throw bad('Must be text.');
        if (spec.values && !spec.values.includes(v)) throw bad(`Must be one of ${spec.values.join(', ')}.`);
        return v;
      });
      return anyOf(spec.column, values);
    }
    case 'boolean': {
      if (value !== true && value !== false && value !== 'true' && value !== 'false')
        throw bad('Must be true or false.');
      const flag = value === true || value === 'true';
      return (eb) => eb(eb.ref(spec.column), '=', flag);
    }
    case 'decimal': {
      const text = String(value).trim();
      if ((typeof value !== 'number' && typeof value !== 'string') || !SIGNED_AMOUNT_PATTERN.test(text))
        throw bad('Must be a decimal amount, such as "120.00".');
      return (eb) => eb(eb.ref(spec.column), spec.op, sql<string>`${text}::numeric`);
    }
    case 'date': {
      const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      if (typeof value !== 'string' || Number.isNaN(time))
        throw bad('Must be a date, such as "2026-11-20" or an ISO 8601 time.');
      if (time < EARLIEST || time > LATEST) throw bad('Must be a date between the years 1 and 9999.');
      // A date alone covers its whole day (UTC): "≤ 2026-11-20" includes that day's payments.
      if (DATE_ONLY.test(value) && spec.op === '<=') {
        const nextDay = new Date(Date.parse(`${value}T00:00:00Z`) + 86_400_000);
        return (eb) => eb(eb.ref(spec.column), '<', nextDay);
      }
      const at = new Date(value);
      return (eb) => eb(eb.ref(spec.column), spec.op, at);
    }
    case 'search': {
      if (typeof value !== 'string') throw bad('Must be text.');
      const q = value.trim();
      if (q.length > 200) throw bad('Must be at most 200 characters.');
      return q ? spec.condition(q) : (eb) => eb.lit(true);
    }
    case 'choice': {
      if (typeof value !== 'string' || !spec.values.includes(value))
        throw bad(`Must be one of ${spec.values.join(', ')}.`);
      return spec.condition(value, context);
    }
  }
}

/** An amount filter's currency: one currency chosen beside it, whose minor unit the amount respects. */
function checkAmountCurrency(key: string, amount: unknown, currency: unknown, currencyKey: string): void {
  if (typeof currency !== 'string' || !isCurrencyCode(currency)) {
    throw invalidArgument({
      [`filter.${key}`]: `Choose one currency (filter.${currencyKey}) to filter by amount: amounts in different currencies do not compare.`,
    });
  }
  const decimals = String(amount).trim().split('.')[1]?.length ?? 0;
  const allowed = minorUnits(currency);
  if (decimals > allowed) {
    throw invalidArgument({
      [`filter.${key}`]:
        allowed === 0
          ? `${currency} amounts have no decimals.`
          : `${currency} amounts have at most ${allowed} decimals.`,
    });
  }
}

function anyOf(column: string, values: (string | number)[]): Condition {
  if (values.length === 0) return (eb) => eb.lit(false);
  if (values.length === 1) return (eb) => eb(eb.ref(column), '=', values[0]!);
  return (eb) => eb(eb.ref(column), 'in', values);
}

/** `Content-Range: payments 0-24/319`. */
export function contentRange(resource: string, query: ListQuery, rows: number, total: number): string {
  if (rows === 0) return `${resource} */${total}`;
  return `${resource} ${query.offset}-${query.offset + rows - 1}/${total}`;
}

const escapeLike = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Escapes LIKE wildcards so free text matches itself: what starts with `q`. */
export function likePrefix(q: string): string {
  return `${escapeLike(q)}%`;
}

/** What contains `q` anywhere, LIKE wildcards escaped. */
export function likeContaining(q: string): string {
  return `%${escapeLike(q)}%`;
}
