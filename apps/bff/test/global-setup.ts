import { randomBytes } from 'node:crypto';
import { access, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openDatabase, startPGlite } from '../src/db/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated embedded database's files (PGlite's dumpDataDir), for each test file to start from. */
    pgliteTemplatePath: string | undefined;
    /** A migrated PostgreSQL database that each test file's database is made from (CREATE DATABASE ... TEMPLATE). */
    postgresTemplate: string | undefined;
  }
}

/**
 * Runs the migrations once per test run, into a template that every test file copies, instead of once per
 * test file: a dumped PGlite data directory, or a PostgreSQL template database.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (project.config.env.PAYDESK_TEST_DB === 'postgres') return postgresTemplate(project);
  return pgliteTemplate(project);
}

/**
 * The migrated PGlite data directory of this run, made by the first project that asks (bff-pglite or e2e; their
 * global setups run one after the other in the runner's process) and read by the next.
 */
async function pgliteTemplate(project: TestProject) {
  const file = path.join(tmpdir(), `paydesk-test-pglite-${process.pid}.tar`);
  if (!(await exists(file))) {
    const pglite = startPGlite();
    const database = openDatabase({ pglite });
    await migrateToLatest(database.db);
    await database.close();
    const files = await pglite.dumpDataDir('none');
    await pglite.close();
    const partial = `${file}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, Buffer.from(await files.arrayBuffer()));
    await rename(partial, file);
  }
  project.provide('pgliteTemplatePath', file);
  project.provide('postgresTemplate', undefined);
  return () => rm(file, { force: true });
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function postgresTemplate(project: TestProject) {
  const adminUrl = project.config.env.PAYDESK_TEST_PG_URL ?? process.env.PAYDESK_TEST_PG_URL ?? DEFAULT_PG_URL;
  const name = `paydesk_template_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    await asAdmin(adminUrl, `CREATE DATABASE ${name}`);
  } catch {
    // No server: each test file makes its own database and fails with the harness's message.
    project.provide('postgresTemplate', undefined);
    return async () => undefined;
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = openDatabase({ databaseUrl: url.toString(), limits: false, poolSize: 1 });
  try {
    await migrateToLatest(database.db);
  } finally {
    // No connection may stay open: PostgreSQL copies a template only while nobody is connected to it.
    await database.close();
  }
  project.provide('pgliteTemplatePath', undefined);
  project.provide('postgresTemplate', name);
  return () => asAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function asAdmin(adminUrl: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}
