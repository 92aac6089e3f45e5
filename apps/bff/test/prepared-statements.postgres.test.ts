import { describe, expect, it } from 'vitest';
import { PLANNED_PER_EXECUTION, PreparingClient } from '../src/db/prepared-statements.ts';

const url = process.env.PAYDESK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

// PostgreSQL only (the bff-postgres project): PGlite has no wire protocol and no pool to prepare on.
describe('prepared statements (postgres)', () => {
  const prepared = async (client: PreparingClient) =>
    (await client.query('SELECT statement FROM pg_prepared_statements ORDER BY prepare_time')).rows.map((r: { statement: string }) => r.statement);

  it('prepares a statement with parameters once per connection and runs it again by name', async () => {
    const client = new PreparingClient({ connectionString: url });
    await client.connect();
    try {
      const text = 'SELECT $1::int + 1 AS n';
      expect((await client.query(text, [1])).rows).toEqual([{ n: 2 }]);
      expect((await client.query(text, [41])).rows).toEqual([{ n: 42 }]);
      expect(await prepared(client)).toEqual([text]);
    } finally {
      await client.end();
    }
  });

  it('leaves statements without parameters (BEGIN, COMMIT, scripts) to the simple protocol', async () => {
    const client = new PreparingClient({ connectionString: url });
    await client.connect();
    try {
      await client.query('BEGIN', []);
      await client.query('CREATE TEMP TABLE t (n int); INSERT INTO t VALUES (1)', []);
      await client.query('COMMIT', []);
      expect((await client.query('SELECT count(*)::int AS n FROM t', [])).rows).toEqual([{ n: 1 }]);
      expect(await prepared(client)).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it('runs a statement marked PLANNED_PER_EXECUTION unnamed, planned for its values each time', async () => {
    const client = new PreparingClient({ connectionString: url });
    await client.connect();
    try {
      const text = `SELECT ${PLANNED_PER_EXECUTION} $1::text LIKE 'ab%' AS hit`;
      expect((await client.query(text, ['abc'])).rows).toEqual([{ hit: true }]);
      expect((await client.query(text, ['xyz'])).rows).toEqual([{ hit: false }]);
      expect(await prepared(client)).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it('prepares a statement again when its table changed under it (a migration by another instance)', async () => {
    const client = new PreparingClient({ connectionString: url });
    await client.connect();
    try {
      await client.query('CREATE TEMP TABLE widened (id int)', []);
      await client.query('INSERT INTO widened VALUES (1)', []);
      const text = 'SELECT * FROM widened WHERE id = $1';
      expect((await client.query(text, [1])).rows).toEqual([{ id: 1 }]);
      await client.query("ALTER TABLE widened ADD COLUMN note text NOT NULL DEFAULT 'added'", []);
      expect((await client.query(text, [1])).rows).toEqual([{ id: 1, note: 'added' }]);
      expect((await client.query(text, [1])).rows).toEqual([{ id: 1, note: 'added' }]);

      // Inside a transaction the stale statement fails the transaction; the next use outside one works.
      await client.query('ALTER TABLE widened ADD COLUMN more int NOT NULL DEFAULT 2', []);
      await client.query('BEGIN', []);
      await expect(client.query(text, [1])).rejects.toThrow(/cached plan must not change result type/);
      await client.query('ROLLBACK', []);
      expect((await client.query(text, [1])).rows).toEqual([{ id: 1, note: 'added', more: 2 }]);
    } finally {
      await client.end();
    }
  });

  it('stops preparing new texts at 500 a connection, and still runs them', async () => {
    const client = new PreparingClient({ connectionString: url });
    await client.connect();
    try {
      for (let i = 0; i < 505; i++) expect((await client.query(`SELECT $1::int AS n, ${i} AS i`, [i])).rows[0]).toEqual({ n: i, i });
      expect(await prepared(client)).toHaveLength(500);
    } finally {
      await client.end();
    }
  });

  it('reports a statement that does not parse, and runs the next one', async () => {
    const client = new PreparingClient({ connectionString: url });
    await client.connect();
    try {
      await expect(client.query('SELEC $1::int', [1])).rejects.toThrow(/syntax error/);
      await expect(client.query('SELEC $1::int', [1])).rejects.toThrow(/syntax error/);
      expect((await client.query('SELECT $1::int AS n', [7])).rows).toEqual([{ n: 7 }]);
    } finally {
      await client.end();
    }
  });
});
