import { parseListQuery } from '../apps/bff/src/http/list-query.ts';
import { listLogEntries, logEntryListSpec } from '../apps/bff/src/log-entries/log-entries.repository.ts';
import { findPayment } from '../apps/bff/src/payments/payments.repository.ts';
import { pgPool } from './lib/deps.ts';
import { listPath, type Client } from './lib/http.ts';
import { memoized, replay, sessionLookup, SqlCapture } from './lib/sql-capture.ts';
import { latency, type Latency } from './lib/stats.ts';

/**
 * Benchmark 2: a payment's show page. The console asks for the payment, then — at once — its log entries
 * (10, newest first), its refunds, its order and its payment method. Measured: the payment and its log
 * entries each (beside their SQL through pg), and the whole page's requests as the console sends them.
 */

export interface ShowResult {
  payment: { bff: Latency; direct: Latency };
  logEntries: { bff: Latency; direct: Latency };
  page: Latency;
  logEntriesPerPayment: number;
}

export async function benchShow(options: {
  databaseUrl: string;
  clients: Client[];
  warmup?: number;
  iterations?: number;
}): Promise<ShowResult> {
  const { clients, warmup = 20, iterations = 200 } = options;
  const direct = pgPool(options.databaseUrl, 2, { prepared: true });
  const capture = new SqlCapture(options.databaseUrl);
  try {
    // Payments spread over the table, each with its log entries.
    const { rows: picked } = await direct.query<{ id: number; order_id: number; payment_method_id: number }>(`
      SELECT id, order_id, payment_method_id FROM payments
      WHERE id IN (SELECT (s * (SELECT max(id) FROM payments) / 101)::int FROM generate_series(1, 100) AS s)`);
    const { rows: perPayment } = await direct.query<{ n: number }>(
      'SELECT avg(n)::float8 AS n FROM (SELECT count(*) AS n FROM log_entries WHERE payment_id = ANY($1) GROUP BY payment_id) AS c',
      [picked.map((p) => p.id)],
    );
    const paymentStatements = memoized(capture, (db, id: number) => findPayment(db, id));
    const logStatements = memoized(capture, (db, id: number) =>
      listLogEntries(
        db,
        parseListQuery(logEntryListSpec, {
          sort: '["created_at","DESC"]',
          range: '[0,9]',
          filter: JSON.stringify({ payment_id: id }),
        }),
      ),
    );
    const session = sessionLookup(capture);
    const times = {
      payment: [] as number[],
      paymentSql: [] as number[],
      log: [] as number[],
      logSql: [] as number[],
      page: [] as number[],
    };
    const logParams = (id: number) => ({
      sort: ['created_at', 'DESC'] as [string, string],
      range: [0, 9] as [number, number],
      filter: { payment_id: id },
    });
    for (let i = 0; i < warmup + iterations; i++) {
      const p = picked[i % picked.length]!;
      const client = clients[i % clients.length]!;
      const keep = i >= warmup;

      const payment = await client.get(`/api/payments/${p.id}`);
      if (payment.status !== 200) throw new Error(`GET /api/payments/${p.id}: ${payment.status}`);
      const paymentSql = await replay(direct, await paymentStatements(p.id), await session(client.sessionCookie));

      const log = await client.get(listPath('log-entries', logParams(p.id)));
      if (log.status !== 200) throw new Error(`log entries of ${p.id}: ${log.status}`);
      const logSql = await replay(direct, await logStatements(p.id), await session(client.sessionCookie));

      // The page: the payment, then what its fields reference, all at once.
      const started = performance.now();
      await client.get(`/api/payments/${p.id}`);
      await Promise.all([
        client.get(listPath('log-entries', logParams(p.id))),
        client.get(listPath('refunds', { sort: ['created_at', 'DESC'], range: [0, 24], filter: { payment_id: p.id } })),
        client.get(listPath('orders', { filter: { id: [p.order_id] } })),
        client.get(listPath('payment-methods', { filter: { id: [p.payment_method_id] } })),
      ]);
      const pageMs = performance.now() - started;

      if (keep) {
        times.payment.push(payment.ms);
        times.paymentSql.push(paymentSql);
        times.log.push(log.ms);
        times.logSql.push(logSql);
        times.page.push(pageMs);
      }
    }
    return {
      payment: { bff: latency(times.payment), direct: latency(times.paymentSql) },
      logEntries: { bff: latency(times.log), direct: latency(times.logSql) },
      page: latency(times.page),
      logEntriesPerPayment: perPayment[0]?.n ?? 0,
    };
  } finally {
    await capture.close();
    await direct.end();
  }
}
