import { type Kysely, sql } from 'kysely';

/**
 * A staff member's saved views: a name for a list's filters and sort, their own. The list is one of a fixed
 * few; the filter is a JSON object of bounded size: the API takes at most 4,096 bytes of compact JSON (and
 * checks it against the list's own filters); jsonb's text spells it with spaces, hence the table's wider bound.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE saved_views (
      id serial PRIMARY KEY,
      staff_user_id integer NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
      resource text NOT NULL CHECK (
        resource IN ('payments', 'orders', 'refunds', 'log-entries', 'fraud-reviews', 'fraud-decisions', 'audit-events')
      ),
      name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
      filter jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(filter) = 'object' AND octet_length(filter::text) <= 8192),
      sort_field text CHECK (char_length(sort_field) <= 100),
      sort_order text CHECK (sort_order IN ('ASC', 'DESC')),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((sort_field IS NULL) = (sort_order IS NULL))
    )
  `.execute(db);
  // One name per list and staff member, whatever its case; also the index their own views are read by.
  await sql`CREATE UNIQUE INDEX saved_views_own_name ON saved_views (staff_user_id, resource, lower(name))`.execute(db);
}
