import { parseListQuery } from '../apps/bff/src/http/list-query.ts';
import { listPayments, paymentListSpec } from '../apps/bff/src/payments/payments.repository.ts';
import { kysely, pgPool, type PgPool } from './lib/deps.ts';
import { listPath, type Client } from './lib/http.ts';
import { memoized, replay, sessionLookup, SqlCapture, type Statement } from './lib/sql-capture.ts';
import { latency, type Latency } from './lib/stats.ts';

/** Benchmark 1: the payments list, 25 rows, through the BFF over HTTP beside the same SQL through pg. */

export interface ListParams {
  sort: [string, 'ASC' | 'DESC'];
  range: [number, number];
  filter: Record<string, unknown>;
}

export interface Scenario {
  name: string;
  /** What it asks, for the table. */
  what: string;
  /** The i-th request's parameters (search scenarios rotate through sampled values, so no one page stays hot). */
  params(i: number): ListParams;
}

export interface ListResult {
  name: string;
  what: string;
  bff: Latency;
  direct: Latency;
  /** bff p95 / direct p95. */
  ratio: number;
  /** The first request's Content-Range total, and whether it is exact (≤ the exact-count limit). */
  total: string;
  /** The exact number of matching payments, and what one count(*) of them took: what the estimate saves. */
  exactTotal: number;
  exactCountMs: number;
  statements: number;
  explain: string;
}

const NEWEST: ['created_at', 'DESC'] = ['created_at', 'DESC'];
const FIRST_PAGE: [number, number] = [0, 24];

interface Samples {
  identifiers: string[];
  emails: string[];
  last4: string[];
}

/** 64 payments spread evenly over the table: their identifiers, emails and card last fours to search for. */
async function sample(pool: PgPool): Promise<Samples> {
  const { rows } = await pool.query<{ identifier: string; billing_email: string; card_last4: string }>(`
    SELECT identifier, billing_email, card_last4 FROM payments
    WHERE id IN (SELECT (s * (SELECT max(id) FROM payments) / 65)::int FROM generate_series(1, 64) AS s)
      AND card_last4 IS NOT NULL AND billing_email <> ''`);
  return {
    identifiers: rows.map((r) => r.identifier.trim()),
    // What staff type for a customer: the address up to the @.
    emails: rows.map((r) => r.billing_email.split('@')[0]!),
    last4: rows.map((r) => r.card_last4),
  };
}

export function scenarios(samples: Samples, payments: number): Scenario[] {
  const at = <T>(values: T[], i: number) => values[i % values.length]!;
  const deepStart = Math.min(25_000, Math.floor(payments / 2 / 25) * 25);
  return [
    { name: 'newest first', what: 'no filter', params: () => ({ sort: NEWEST, range: FIRST_PAGE, filter: {} }) },
    {
      name: 'by status',
      what: 'status = preauth',
      params: () => ({ sort: NEWEST, range: FIRST_PAGE, filter: { status: 'preauth' } }),
    },
    {
      name: 'by fraud status',
      what: 'fraud_status = review',
      params: () => ({ sort: NEWEST, range: FIRST_PAGE, filter: { fraud_status: 'review' } }),
    },
    {
      name: 'search: identifier',
      what: 'q = an identifier (8 chars)',
      params: (i) => ({ sort: NEWEST, range: FIRST_PAGE, filter: { q: at(samples.identifiers, i) } }),
    },
    {
      name: 'search: email',
      what: 'q = an email up to the @',
      params: (i) => ({ sort: NEWEST, range: FIRST_PAGE, filter: { q: at(samples.emails, i) } }),
    },
    {
      name: 'search: card last four',
      what: 'q = 4 digits',
      params: (i) => ({ sort: NEWEST, range: FIRST_PAGE, filter: { q: at(samples.last4, i) } }),
    },
    {
      name: 'amount range',
      what: '100.00 ≤ total ≤ 120.00',
      params: () => ({
        sort: NEWEST,
        range: FIRST_PAGE,
        filter: { currency: 'USD', total_gte: '100.00', total_lte: '120.00' },
      }),
    },
    {
      name: 'deep page',
      what: `no filter, rows ${deepStart}–${deepStart + 24}`,
      params: () => ({ sort: NEWEST, range: [deepStart, deepStart + 24], filter: {} }),
    },
  ];
}

async function explainAnalyze(pool: PgPool, statements: Statement[]): Promise<string> {
  const parts: string[] = [];
  for (const s of statements) {
    if (/^explain/i.test(s.sql)) {
      parts.push(`-- ${s.sql.slice(0, 60)}… (planning only)`);
      continue;
    }
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`,
      s.parameters as unknown[],
    );
    parts.push(
      `${s.sql}\n-- parameters: ${JSON.stringify(s.parameters)}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`,
    );
  }
  return parts.join('\n\n');
}

/** count(*) over the scenario's filter on payments alone (the cheapest exact count), timed on its second run. */
async function exactCount(capture: SqlCapture, params: ListParams): Promise<{ total: number; ms: number }> {
  const query = parseListQuery(paymentListSpec, {
    sort: JSON.stringify(params.sort),
    range: JSON.stringify(params.range),
    filter: JSON.stringify(params.filter),
  });
  const count = capture.db.selectFrom('payments').select(kysely.sql<number>`count(*)`.as('total'));
  const counting = query.conditions.length
    ? count.where((eb) => eb.and(query.conditions.map((condition) => condition(eb as never))))
    : count;
  let ms = 0;
  let total = 0;
  for (let i = 0; i < 2; i++) {
    const started = performance.now();
    total = Number((await counting.executeTakeFirstOrThrow()).total);
    ms = performance.now() - started;
  }
  return { total, ms };
}

/**
 * The floor under every list request: GET /api/health — HTTP, Express and its middleware, and one trivial query
 * (no session lookup, no rows to turn into JSON).
 */
export async function benchFloor(clients: Client[], { warmup = 20, iterations = 200 } = {}) {
  const times: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    const answer = await clients[i % clients.length]!.get('/api/health');
    if (answer.status !== 200) throw new Error(`/api/health: ${answer.status}`);
    if (i >= warmup) times.push(answer.ms);
  }
  return latency(times);
}

export async function benchLists(options: {
  databaseUrl: string;
  clients: Client[];
  payments: number;
  warmup?: number;
  iterations?: number;
  log?: (line: string) => void;
}): Promise<ListResult[]> {
  const { clients, warmup = 20, iterations = 200, log = () => undefined } = options;
  const capture = new SqlCapture(options.databaseUrl);
  // Two connections: the page and its count at once, as the BFF's pool gives them; and the BFF's prepared statements.
  const direct = pgPool(options.databaseUrl, 2, { prepared: true });
  try {
    const all = scenarios(await sample(direct), options.payments);
    const results: ListResult[] = [];
    let turn = 0;
    const session = sessionLookup(capture);
    for (const scenario of all) {
      const statementsFor = memoized(capture, (db, params: ListParams) =>
        listPayments(
          db,
          parseListQuery(paymentListSpec, {
            sort: JSON.stringify(params.sort),
            range: JSON.stringify(params.range),
            filter: JSON.stringify(params.filter),
          }),
        ),
      );
      const bffTimes: number[] = [];
      const directTimes: number[] = [];
      let total = '';
      for (let i = 0; i < warmup + iterations; i++) {
        const params = scenario.params(i);
        const statements = await statementsFor(params);
        // Sessions in turn: each is one staff member's browser (the API limits requests per session).
        const client = clients[turn++ % clients.length]!;
        const answer = await client.get(listPath('payments', params));
        if (answer.status !== 200) throw new Error(`${scenario.name}: ${answer.status} ${JSON.stringify(answer.body)}`);
        if (i === 0) total = String(answer.headers['content-range'] ?? '');
        const directMs = await replay(direct, statements, await session(client.sessionCookie));
        if (i >= warmup) {
          bffTimes.push(answer.ms);
          directTimes.push(directMs);
        }
      }
      const first = await statementsFor(scenario.params(0));
      const exact = await exactCount(capture, scenario.params(0));
      const bff = latency(bffTimes);
      const sql = latency(directTimes);
      const result: ListResult = {
        name: scenario.name,
        what: scenario.what,
        bff,
        direct: sql,
        ratio: bff.p95 / sql.p95,
        total: total.replace(/^payments /, ''),
        exactTotal: exact.total,
        exactCountMs: exact.ms,
        statements: first.length,
        explain: await explainAnalyze(direct, first),
      };
      log(
        `  ${scenario.name}: BFF p50 ${bff.p50.toFixed(2)} p95 ${bff.p95.toFixed(2)} ms; SQL p50 ${sql.p50.toFixed(2)} p95 ${sql.p95.toFixed(2)} ms; ${result.total}`,
      );
      results.push(result);
    }
    return results;
  } finally {
    await capture.close();
    await direct.end();
  }
}
