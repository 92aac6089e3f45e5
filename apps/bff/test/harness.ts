import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { inject } from 'vitest';
import { randomToken } from '../src/db/card-number-plugin.ts';
import { openTemplateDatabase } from './pglite-template.ts';
import type { StaffRole } from '@paydesk/domain';
import { createApp, type AppOptions } from '../src/app.ts';
import {
  migrateToLatest,
  openDatabase,
  type DatabaseHandle,
  type DatabaseOptions,
  type Db,
} from '../src/db/database.ts';
import { hashPassword } from '../src/auth/passwords.ts';
import { upsertStaffUser } from '../src/staff-users/staff-users.repository.ts';
import type { StaffUserRow } from '../src/db/schema.ts';

/** The database a test file runs on: PAYDESK_TEST_DB=pglite (in memory) or postgres (a fresh database, dropped after). */
export const TEST_DB = process.env.PAYDESK_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
const ADMIN_URL = process.env.PAYDESK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A fresh, migrated database for one test file. The migrations ran once for the whole run (global-setup.ts): on
 * PGlite a database the worker started from the template's files, emptied since its last use (pglite-template.ts);
 * on PostgreSQL a copy of the template database. Without a template (a runner without the global setup), the
 * migrations run here.
 */
export async function openTestDatabase(options: Pick<DatabaseOptions, 'onStatement'> = {}): Promise<DatabaseHandle> {
  if (TEST_DB === 'pglite') {
    const templatePath = inject('pgliteTemplatePath');
    if (templatePath) return openTemplateDatabase(templatePath, options);
    const database = openDatabase(options);
    await migrateToLatest(database.db);
    return database;
  }
  const template = inject('postgresTemplate');
  const name = `paydesk_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `The PostgreSQL tests need a server at ${ADMIN_URL} (set PAYDESK_TEST_PG_URL): ${(error as Error).message}`,
    );
  }
  try {
    if (template) {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      // A copy keeps the template's contents but not its database-level grants: paydesk_app's CONNECT again.
      await admin.query(`DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'paydesk_app') THEN
          GRANT CONNECT ON DATABASE ${name} TO paydesk_app;
        END IF;
      END $$`);
    } else {
      await admin.query(`CREATE DATABASE ${name}`);
    }
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = openDatabase({ ...options, databaseUrl: url.toString(), poolSize: 20 });
  if (!template) await migrateToLatest(database.db);
  return {
    ...database,
    async close() {
      await database.close();
      const dropper = new pg.Client({ connectionString: ADMIN_URL });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/**
 * A random key for a test to send (an Idempotency-Key, a gateway reference): the BFF's own randomToken, whose
 * one word of 32 hex characters is never read as a card number (which the BFF refuses in such a key, 400). A
 * UUID's digit groups read as one about once in 7,600, Math.random()'s digits once in ten.
 */
export function randomKey(prefix = 'key'): string {
  return randomToken(prefix);
}

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export async function createStaff(
  db: Db,
  role: StaffRole = 'admin',
  email = `${role}@example.test`,
): Promise<StaffUserRow> {
  return upsertStaffUser(db, {
    email,
    role,
    full_name: `Test ${role}`,
    password_hash: await (passwordHash ??= hashPassword(TEST_PASSWORD)),
  });
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A browser-like client: keeps the session cookie and sends the CSRF token on writes. */
export class ApiClient {
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrfToken && method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = any>(path: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }
  put<T = any>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, body, headers);
  }
  delete<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('DELETE', path, undefined, headers);
  }

  /** `GET /api/<resource>` with react-admin's parameters. */
  list<T = any>(
    resource: string,
    params: { sort?: [string, string]; range?: [number, number]; filter?: Record<string, unknown> } = {},
  ) {
    const search = new URLSearchParams();
    if (params.sort) search.set('sort', JSON.stringify(params.sort));
    if (params.range) search.set('range', JSON.stringify(params.range));
    if (params.filter) search.set('filter', JSON.stringify(params.filter));
    const query = search.toString();
    return this.get<T>(`/api/${resource}${query ? `?${query}` : ''}`);
  }

  async login(email: string, password = TEST_PASSWORD): Promise<ApiResponse> {
    const response = await this.post('/api/auth/login', { email, password });
    if (response.status === 200) this.csrfToken = response.body.csrf_token;
    return response;
  }
}

export interface TestApp {
  baseUrl: string;
  database: DatabaseHandle;
  db: Db;
  /** A fresh client, not signed in. */
  client(): ApiClient;
  /** A client signed in as a new (or existing) staff member of this role. */
  signedIn(role?: StaffRole): Promise<ApiClient>;
  close(): Promise<void>;
}

/**
 * Limits no test reaches unless it asks for lower ones: the limiters still count (in the database), they
 * only never refuse. Sign-in lockout keeps its default.
 */
export const TEST_RATE_LIMITS = {
  loginPerMinute: 100_000,
  apiPerMinute: 1_000_000,
  intakePerMinute: 1_000_000,
  publicPerMinute: 1_000_000,
};

/**
 * The real app over real HTTP on a fresh database, or on `database` (another instance of the same
 * deployment: closing this app leaves that database open).
 */
export async function startTestApp(
  options: Partial<
    Pick<AppOptions, 'consoleDir' | 'logger' | 'rateLimits' | 'lockout' | 'metricsToken' | 'exportChunkSize'>
  > & {
    database?: DatabaseHandle;
  } = {},
): Promise<TestApp> {
  const { database: shared, rateLimits, ...appOptions } = options;
  const database = shared ?? (await openTestDatabase());
  const app = createApp({
    logger: pino({ level: 'silent' }),
    ...appOptions,
    rateLimits: { ...TEST_RATE_LIMITS, ...rateLimits },
    database,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  // An idle kept-alive connection closed by the server (after 5 s, Node's default) could be closed just as a test
  // slowed by the machine's load sent on it: ECONNRESET, seen once in a full run. A test file's connections now
  // stay open while it runs (fetch drops an idle one a little before the server would); close() ends them.
  server.keepAliveTimeout = 60_000;
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    database,
    db: database.db,
    client: () => new ApiClient(baseUrl),
    async signedIn(role = 'admin') {
      const staff = await createStaff(database.db, role);
      const client = new ApiClient(baseUrl);
      const response = await client.login(staff.email);
      if (response.status !== 200) throw new Error(`login failed: ${JSON.stringify(response.body)}`);
      return client;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      if (!shared) await database.close();
    },
  };
}
