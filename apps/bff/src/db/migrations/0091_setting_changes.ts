import { type Kysely, sql } from 'kysely';

/**
 * A change that weakens a money control waits here for a second admin: pending until another admin applies
 * or someone rejects it; at most one pending change per setting (a newer request supersedes it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE setting_changes (
      id serial PRIMARY KEY,
      key text NOT NULL,
      value jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied', 'rejected', 'superseded')),
      requested_by integer NOT NULL REFERENCES staff_users (id),
      requested_at timestamptz NOT NULL DEFAULT now(),
      decided_by integer REFERENCES staff_users (id),
      decided_at timestamptz
    )
  `.execute(db);
  await sql`CREATE UNIQUE INDEX setting_changes_one_pending ON setting_changes (key) WHERE status = 'pending'`.execute(
    db,
  );
}
