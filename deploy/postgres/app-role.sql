-- Paydesk's least-privilege database role (README: "Database roles").
-- Run once per PostgreSQL server by an administrator, before the first migration, where the user that
-- runs the migrations (DATABASE_MIGRATION_URL, the schema's owner) may not create roles. Where it may,
-- migration 0017 creates paydesk_app itself, and only the login below is needed.
-- docker-compose.yml runs this file when its database is first made.

-- The group role the migrations grant to: read and write the tables, only INSERT and SELECT on audit_events.
DO $$
BEGIN
  CREATE ROLE paydesk_app NOLOGIN;
EXCEPTION WHEN duplicate_object THEN
  NULL;
END $$;

-- The login the app connects as (DATABASE_URL). Choose your own password.
CREATE ROLE paydesk_web LOGIN PASSWORD 'paydesk_web' IN ROLE paydesk_app;
