import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

import { PreparingClient } from '../../apps/bff/src/db/prepared-statements.ts';

/**
 * The bench is plain TypeScript run with tsx from the repository root, not a workspace package: it borrows
 * the BFF's own dependencies (pg, kysely) from apps/bff, so that it runs exactly the versions the BFF runs.
 */
const bffRequire = createRequire(new URL('../../apps/bff/package.json', import.meta.url));

export interface PgQueryResult<R = Record<string, any>> {
  rows: R[];
  rowCount: number | null;
}
export interface PgClient {
  query<R = Record<string, any>>(text: string, values?: unknown[]): Promise<PgQueryResult<R>>;
  release(): void;
}
export interface PgPool {
  query<R = Record<string, any>>(text: string, values?: unknown[]): Promise<PgQueryResult<R>>;
  connect(): Promise<PgClient>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): void;
}

const pg = bffRequire('pg') as {
  Pool: new (config: { connectionString: string; max?: number; Client?: unknown }) => PgPool;
  types: { setTypeParser(oid: number, parse: (value: string) => unknown): void; builtins: { INT8: number } };
};
// As the BFF does: int8 (count(*)) as a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/** A pool of plain pg clients; `prepared` gives it the BFF's own client, which prepares each parameterised statement once. */
export function pgPool(connectionString: string, max = 4, { prepared = false } = {}): PgPool {
  const pool = new pg.Pool({ connectionString, max, ...(prepared ? { Client: PreparingClient } : {}) });
  pool.on('error', () => undefined);
  return pool;
}

/** Kysely's ESM build, the same module instance the BFF's repositories import (used to compile their SQL). */
export const kysely = (await import(
  pathToFileURL(bffRequire.resolve('kysely').replace(/dist[\\/]cjs[\\/]index\.js$/, 'dist/esm/index.js')).href
)) as typeof import('../../apps/bff/node_modules/kysely/dist/esm/index.js');
