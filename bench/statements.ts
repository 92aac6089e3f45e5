import type { Server } from 'node:http';
import { createApp } from '../apps/bff/src/app.ts';
import { createLogger } from '../apps/bff/src/logger.ts';
import { pgPool } from './lib/deps.ts';
import { Client } from './lib/http.ts';
import { SqlCapture } from './lib/sql-capture.ts';

/**
 * What one command sends to PostgreSQL: the BFF's app, in this process, on a Kysely that records every
 * statement; one capture and one refund through HTTP, as the console sends them. The notes on the command
 * benchmarks quote this, so they follow the code as it is.
 */

export interface CommandStatements {
  capture: string[];
  refund: string[];
}

export async function countCommandStatements(
  databaseUrl: string,
  capturePaymentId: number | undefined,
): Promise<CommandStatements> {
  const capture = new SqlCapture(databaseUrl);
  const db = pgPool(databaseUrl, 1);
  const app = createApp({
    database: { db: capture.db, kind: 'postgres', close: async () => undefined },
    logger: createLogger('silent'),
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const client = await new Client(`http://127.0.0.1:${(server.address() as { port: number }).port}`).login();
    const short = (sql: string) => sql.replace(/\s+/g, ' ').slice(0, 140);
    const record = async (send: () => Promise<{ status: number }>) => {
      let status = 0;
      const statements = await capture.capture(async () => {
        status = (await send()).status;
      });
      if (status !== 200) throw new Error(`the recorded command answered ${status}`);
      return statements.map((s) => short(s.sql));
    };
    const captured =
      capturePaymentId === undefined
        ? []
        : await record(() => client.command(`/api/payments/${capturePaymentId}/capture`));
    const { rows } = await db.query<{ id: number; currency: string }>(`
      SELECT p.id, p.currency FROM payments p JOIN payment_methods m ON m.id = p.payment_method_id
      WHERE p.status = 'confirmed' AND p.operation IS NULL AND m.type = 'bogus' AND p.captured_amount - p.refunded_amount >= 100
        AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id AND r.status = 'pending')
        AND NOT EXISTS (SELECT 1 FROM refund_approvals a WHERE a.payment_id = p.id AND a.status = 'pending')
      LIMIT 1`);
    const reason = (await db.query<{ id: number }>('SELECT id FROM refund_reasons WHERE active ORDER BY id LIMIT 1'))
      .rows[0];
    const target = rows[0];
    const refunded =
      target && reason
        ? await record(() =>
            client.command(`/api/payments/${target.id}/refund`, {
              amount: target.currency === 'JPY' ? '100' : '1.00',
              reason_id: reason.id,
            }),
          )
        : [];
    return { capture: captured, refund: refunded };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await capture.close();
    await db.end();
  }
}
