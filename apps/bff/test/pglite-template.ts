import { readFile } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase, startPGlite, type DatabaseHandle, type DatabaseOptions } from '../src/db/database.ts';

/**
 * Embedded databases started from the run's migrated template (global-setup.ts), kept for the worker's later test
 * files: a worker's files share its process (`isolate: false`), and starting PGlite costs about a second of CPU
 * under the suite's load, emptying a database a tenth of that. Each handle gets a database that no other open handle
 * uses, in the template's state: every table empty (the template holds only the migrations' own rows), every
 * sequence at its start, and the session new.
 */
let template: { path: string; files: Promise<Blob>; idle: Started[] } | undefined;

interface Started {
  pglite: PGlite;
  /** The tables the tests write: all but the migrations' own. */
  tables: string[];
}

export async function openTemplateDatabase(
  path: string,
  options: Pick<DatabaseOptions, 'onStatement'> = {},
): Promise<DatabaseHandle> {
  if (template?.path !== path) template = { path, files: readFile(path).then((bytes) => new Blob([bytes])), idle: [] };
  const { idle } = template;
  const started = idle.pop() ?? (await start(await template.files));
  const database = openDatabase({ ...options, pglite: started.pglite });
  return {
    ...database,
    async close() {
      await database.close();
      try {
        await empty(started);
        idle.push(started);
      } catch (error) {
        await started.pglite.close();
        throw error;
      }
    },
  };
}

async function start(files: Blob): Promise<Started> {
  const pglite = startPGlite({ loadDataDir: files });
  const { rows } = await pglite.query<{ name: string }>(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
     WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename NOT LIKE 'kysely_migration%'`,
  );
  const tables = rows.map((row) => row.name);
  const counts = await pglite.query<{ name: string; count: number }>(
    tables.map((name) => `SELECT '${name}' AS name, count(*)::int AS count FROM ${name}`).join(' UNION ALL '),
  );
  const filled = counts.rows.filter((row) => row.count > 0).map((row) => row.name);
  if (filled.length > 0)
    throw new Error(`The migrated template has rows in ${filled.join(', ')}, which emptying it would remove.`);
  return { pglite, tables };
}

/** Back to the template's state, whatever the last test file left (an open transaction, session settings). */
async function empty({ pglite, tables }: Started): Promise<void> {
  if (pglite.isInTransaction()) await pglite.exec('ROLLBACK');
  await pglite.exec('DISCARD ALL');
  // One implicit transaction. As a replica, the session fires no triggers: audit_events refuses TRUNCATE.
  await pglite.exec(`
    SET LOCAL session_replication_role = replica;
    TRUNCATE ${tables.join(', ')};
    SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, start_value, false) FROM pg_sequences
    WHERE schemaname NOT IN ('pg_catalog', 'information_schema');
  `);
}
