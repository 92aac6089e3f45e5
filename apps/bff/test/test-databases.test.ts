import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createStaff, openTestDatabase, TEST_DB } from './harness.ts';

/**
 * Every test file starts from the migrated schema and nothing else, whatever the file before it in the same
 * worker left: on PGlite the worker keeps its databases and empties them (pglite-template.ts), on PostgreSQL each
 * file gets a new copy of the template.
 */
describe(`a test file's database (${TEST_DB})`, () => {
  it('holds no row, sequence position or session setting of a database closed before it', async () => {
    const first = await openTestDatabase();
    const staff = await createStaff(first.db, 'admin', 'left-behind@example.test');
    await sql`INSERT INTO audit_events (staff_user_id, action, outcome) VALUES (${staff.id}, 'login', 'succeeded')`.execute(
      first.db,
    );
    await sql`SET application_name = 'left-behind'`.execute(first.db);
    await sql`BEGIN`.execute(first.db);
    await first.close();
    await expect(sql`SELECT 1`.execute(first.db)).rejects.toThrow();

    const second = await openTestDatabase();
    try {
      const { rows } = await sql<{ staff: number; audit: number; setting: string }>`
        SELECT (SELECT count(*)::int FROM staff_users) AS staff, (SELECT count(*)::int FROM audit_events) AS audit,
               current_setting('application_name') AS setting`.execute(second.db);
      expect(rows[0]).toEqual({ staff: 0, audit: 0, setting: expect.not.stringContaining('left-behind') });
      const again = await createStaff(second.db, 'admin', 'next@example.test');
      expect(again.id).toBe(1);
      // The audit log is still append-only for the tests' own statements.
      await expect(sql`TRUNCATE audit_events`.execute(second.db)).rejects.toThrow(/append-only/);
    } finally {
      await second.close();
    }
  });

  it('is not shared with another database open at the same time', async () => {
    const [one, two] = await Promise.all([openTestDatabase(), openTestDatabase()]);
    try {
      await createStaff(one.db, 'admin', 'one@example.test');
      const { rows } = await sql<{ count: number }>`SELECT count(*)::int AS count FROM staff_users`.execute(two.db);
      expect(rows[0]!.count).toBe(0);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
