import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { givenPayment, givenPaymentMethod } from './fixtures.ts';
import { ApiClient, createStaff, openTestDatabase } from './harness.ts';

const ADMIN_URL = process.env.PAYDESK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The app runs as a login in the role paydesk_app (migration 0017); the migrations ran as the owner. That
 * login works the whole app, and cannot rewrite the audit trail by any means the owner has.
 */
describe('the app as a least-privilege role (postgres)', () => {
  let owner: DatabaseHandle;
  let app: DatabaseHandle;
  let server: Server;
  let appUrl: string;
  const login = `paydesk_test_web_${randomBytes(4).toString('hex')}`;

  const asAdmin = async (text: string) => {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(text);
    } finally {
      await admin.end();
    }
  };

  beforeAll(async () => {
    owner = await openTestDatabase();
    const name = (await sql<{ name: string }>`SELECT current_database() AS name`.execute(owner.db)).rows[0]!.name;
    await asAdmin(`CREATE ROLE ${login} LOGIN IN ROLE paydesk_app`);
    const url = new URL(ADMIN_URL);
    url.username = login;
    url.pathname = `/${name}`;
    appUrl = url.toString();
    app = openDatabase({ databaseUrl: appUrl });
    server = await new Promise((resolve) => {
      const s = createApp({ database: app, logger: pino({ level: 'silent' }) }).listen(0, '127.0.0.1', () =>
        resolve(s),
      );
    });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await app.close();
    await owner.close();
    await asAdmin(`DROP ROLE IF EXISTS ${login}`);
  });

  async function asApp<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: appUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
  const refused = async (client: pg.Client, text: string) => {
    const error = await client.query(text).then(
      () => undefined,
      (e: unknown) => e as { code?: string },
    );
    return error?.code;
  };

  it('works the app: sign-in, a capture with its audit event, the audit log', async () => {
    const admin = await createStaff(owner.db, 'admin');
    const card = await givenPaymentMethod(owner.db);
    const { payment } = await givenPayment(owner.db, card, { total: '25.00' });
    const client = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    expect((await client.login(admin.email)).status).toBe(200);
    const captured = await client.post(`/api/payments/${payment.id}/capture`, {});
    expect(captured.status).toBe(200);
    const audit = await client.list('audit-events', { filter: { record_id: String(payment.id) } });
    expect(audit.status).toBe(200);
    expect(audit.body.some((e: { action: string }) => e.action === 'payment.capture')).toBe(true);
  });

  it('may INSERT and SELECT audit_events, never UPDATE, DELETE or TRUNCATE them, even as a replica', async () => {
    const before = (await sql<{ n: number }>`SELECT count(*) AS n FROM audit_events`.execute(owner.db)).rows[0]!.n;
    expect(before).toBeGreaterThan(0);
    await asApp(async (client) => {
      const whoami = await client.query(
        'SELECT current_user AS name, rolsuper FROM pg_roles WHERE rolname = current_user',
      );
      expect(whoami.rows[0]).toEqual({ name: login, rolsuper: false });
      expect(await refused(client, 'SELECT count(*) FROM audit_events')).toBeUndefined();
      expect(await refused(client, "UPDATE audit_events SET note = 'rewritten'")).toBe('42501');
      expect(await refused(client, 'DELETE FROM audit_events')).toBe('42501');
      expect(await refused(client, 'TRUNCATE audit_events')).toBe('42501');
      // The owner's way around the append-only trigger: not the app's to take.
      expect(await refused(client, 'SET session_replication_role = replica')).toBe('42501');
      await client.query('BEGIN');
      expect(await refused(client, 'SET LOCAL session_replication_role = replica')).toBe('42501');
      await client.query('ROLLBACK');
      expect(await refused(client, 'DELETE FROM audit_events WHERE id = (SELECT min(id) FROM audit_events)')).toBe(
        '42501',
      );
      // Nor the migrations' bookkeeping, nor the schema.
      expect(await refused(client, "INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_x', 'now')")).toBe(
        '42501',
      );
      expect(await refused(client, 'ALTER TABLE audit_events DISABLE TRIGGER ALL')).toBe('42501');
      expect(await refused(client, 'DROP TABLE audit_events')).toBe('42501');
    });
    const after = (await sql<{ n: number }>`SELECT count(*) AS n FROM audit_events`.execute(owner.db)).rows[0]!.n;
    expect(after).toBe(before);
  });
});
