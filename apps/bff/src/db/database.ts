import { mkdirSync } from 'node:fs';
import { Kysely, Migrator, PostgresDialect, type Transaction } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { CardNumberScrubPlugin } from './card-number-plugin.ts';
import { migrations } from './migrations/index.ts';
import { PreparingClient } from './prepared-statements.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type DatabaseKind = 'postgres' | 'pglite';

export interface DatabaseHandle {
  db: Db;
  kind: DatabaseKind;
  close(): Promise<void>;
}

// int8 (count(*), sums of integers) as JS numbers; NUMERIC stays a string (pg's default), never a float.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export interface DatabaseOptions {
  /** A PostgreSQL connection string; without it, embedded PGlite is used. */
  databaseUrl?: string;
  /** Folder for the embedded database; undefined keeps it in memory. */
  dataDir?: string;
  poolSize?: number;
}

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      Client: PreparingClient,
    });
    // An idle connection the server closed (restart, failover) is dropped from the pool and replaced on
    // the next checkout; without a listener, pg would crash the process over it.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CardNumberScrubPlugin()] });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = new PGlite(options.dataDir, {
    parsers: { 20: (value: string) => Number.parseInt(value, 10) },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), plugins: [new CardNumberScrubPlugin()] });
  return { db, kind: 'pglite', close: () => db.destroy() };
}

/** Brings the schema up to date. Forward-only; refuses to run if the database is ahead of this code. */
export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
