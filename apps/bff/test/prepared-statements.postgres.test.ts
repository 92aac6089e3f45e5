import { describe, expect, it } from 'vitest';
import { PLANNED_PER_EXECUTION, PreparingClient } from '../src/db/prepared-statements.ts';

const url = process.env.PAYDESK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

// PostgreSQL only (the bff-postgres project): PGlite has no wire protocol and no pool to prepare on.
describe('prepared statements (postgres)', () => {
  /** A connection of its own for each test: what it prepared is on it alone. */
  const withClient = async (use: (client: PreparingClient) => Promise<void>) => {
    const client = new PreparingClient({ connectionString: url });
    await client.connect();
    try {
      await use(client);
    } finally {
      await client.end();
    }
  };
  const prepared = async (client: PreparingClient) =>
    (await client.query('SELECT statement FROM pg_prepared_statements ORDER BY prepare_time')).rows.map(
      (r: { statement: string }) => r.statement,
    );

  it('prepares a statement with parameters once per connection and runs it again by name', () =>
    withClient(async (client) => {
      const text = 'SELECT $1::int + 1 AS n';
      expect((await client.query(text, [1])).rows).toEqual([{ n: 2 }]);
      expect((await client.query(text, [41])).rows).toEqual([{ n: 42 }]);
      expect(await prepared(client)).toEqual([text]);
    }));

  it('leaves statements without parameters (BEGIN, COMMIT, scripts) to the simple protocol', () =>
    withClient(async (client) => {
      await client.query('BEGIN', []);
      await client.query('CREATE TEMP TABLE t (n int); INSERT INTO t VALUES (1)', []);
      await client.query('COMMIT', []);
      expect((await client.query('SELECT count(*)::int AS n FROM t', [])).rows).toEqual([{ n: 1 }]);
      expect(await prepared(client)).toEqual([]);
    }));

  it('runs a statement marked PLANNED_PER_EXECUTION unnamed, planned for its values each time', () =>
    withClient(async (client) => {
      const text = `SELECT ${PLANNED_PER_EXECUTION} $1::text LIKE 'ab%' AS hit`;
      expect((await client.query(text, ['abc'])).rows).toEqual([{ hit: true }]);
      expect((await client.query(text, ['xyz'])).rows).toEqual([{ hit: false }]);
      expect(await prepared(client)).toEqual([]);
    }));

  it('prepares a statement again when its table changed under it (a migration by another instance)', () =>
    withClient(async (client) => {
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
    }));

  it('stops preparing new texts at 500 a connection, and still runs them', () =>
    withClient(async (client) => {
      for (let i = 0; i < 505; i++)
        expect((await client.query(`SELECT $1::int AS n, ${i} AS i`, [i])).rows[0]).toEqual({ n: i, i });
      expect(await prepared(client)).toHaveLength(500);
    }));

  it('reports a statement that does not parse, and runs the next one', () =>
    withClient(async (client) => {
      await expect(client.query('SELEC $1::int', [1])).rejects.toThrow(/syntax error/);
      await expect(client.query('SELEC $1::int', [1])).rejects.toThrow(/syntax error/);
      expect((await client.query('SELECT $1::int AS n', [7])).rows).toEqual([{ n: 7 }]);
    }));
});
