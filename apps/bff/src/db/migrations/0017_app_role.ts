import type { Kysely } from 'kysely';
import { runScript } from '../run-script.ts';

/**
 * The least-privilege role the app runs as (README: "Database roles"). Migrations run as the schema's owner
 * (DATABASE_MIGRATION_URL); the app connects as a login in the role `paydesk_app` (DATABASE_URL), which may
 * read and write the tables it works on but only INSERT and SELECT on audit_events: no UPDATE, DELETE or
 * TRUNCATE, whatever `session_replication_role` says (a privilege is checked before any trigger), and it
 * cannot touch the migrations' bookkeeping. The role is made here when the owner may create roles; otherwise
 * deploy/postgres/app-role.sql makes it (run by a database administrator before the first migration).
 * PGlite keeps one user, the owner: nothing changes there.
 * Tables made by later migrations are granted to paydesk_app by the default privileges below; one that must
 * be append-only revokes UPDATE and DELETE in its own migration, as this one does for audit_events.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'paydesk_app')
         AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
        BEGIN
          CREATE ROLE paydesk_app NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
          NULL; -- made at the same moment by another database's migration on this server
        END;
      END IF;
    END $$;
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'paydesk_app') THEN
        RAISE NOTICE 'The role paydesk_app does not exist and % may not create it: see deploy/postgres/app-role.sql.', current_user;
        RETURN;
      END IF;
      EXECUTE format('GRANT CONNECT ON DATABASE %I TO paydesk_app', current_database());
      GRANT USAGE ON SCHEMA public TO paydesk_app;
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO paydesk_app;
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO paydesk_app;
      REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM paydesk_app;
      REVOKE ALL ON kysely_migration, kysely_migration_lock FROM paydesk_app;
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO paydesk_app;
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO paydesk_app;
    END $$;
  `,
  );
}
