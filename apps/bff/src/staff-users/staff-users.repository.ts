import { STAFF_ROLES, type StaffRole } from '@paydesk/domain';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { paginate, type Page } from '../db/paginate.ts';
import type { StaffUserRow } from '../db/schema.ts';
import { likePrefix, type ListQuery, type ListSpec } from '../http/list-query.ts';

export interface NewStaffUser {
  full_name: string;
  email: string;
  password_hash: string;
  role: StaffRole;
}

export function findStaffUserByEmail(db: Db, email: string): Promise<StaffUserRow | undefined> {
  return db.selectFrom('staff_users').selectAll().where(sql`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
}

export function findStaffUserById(db: Db, id: number): Promise<StaffUserRow | undefined> {
  return db.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Creates a staff user, or updates the one with this email (name, role, password, active again). */
export async function upsertStaffUser(db: Db, user: NewStaffUser): Promise<StaffUserRow> {
  const existing = await findStaffUserByEmail(db, user.email);
  if (existing) {
    return db
      .updateTable('staff_users')
      .set({ ...user, active: true, updated_at: new Date() })
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  return db.insertInto('staff_users').values(user).returningAll().executeTakeFirstOrThrow();
}

export async function countStaffUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('staff_users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const staffUserListSpec: ListSpec = {
  resource: 'staff-users',
  sortable: {
    id: 'id',
    full_name: 'full_name',
    email: 'email',
    role: 'role',
    active: 'active',
    created_at: 'created_at',
  },
  defaultSort: ['full_name', 'ASC'],
  filters: {
    id: { type: 'integer', column: 'id' },
    role: { type: 'text', column: 'role', values: STAFF_ROLES },
    active: { type: 'boolean', column: 'active' },
    q: {
      type: 'search',
      condition: (q) => (eb) =>
        eb.or([
          eb(sql`lower(full_name)`, 'like', likePrefix(q.toLowerCase())),
          eb(sql`lower(email)`, 'like', likePrefix(q.toLowerCase())),
        ]),
    },
  },
  tieBreaker: 'id',
};

export function listStaffUsers(db: Db, query: ListQuery): Promise<Page<StaffUserRow>> {
  return paginate(db, db.selectFrom('staff_users').selectAll(), query, 'id');
}

export function listStaffUsersByEmail(db: Db, emails: string[]): Promise<StaffUserRow[]> {
  if (emails.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('staff_users')
    .selectAll()
    .where(
      sql`lower(email)`,
      'in',
      emails.map((e) => e.toLowerCase()),
    )
    .orderBy('id')
    .execute();
}

/** Password throttling per account: after this many failed checks in a row the account locks for `minutes`. */
export interface Lockout {
  failures: number;
  minutes: number;
}
export const DEFAULT_LOCKOUT: Lockout = { failures: 10, minutes: 30 };

/**
 * Claims one password check of an account before its password is checked (sign-in, or the current password of
 * a password change): the claim counts as a failure until the check succeeds, so concurrent guesses cannot
 * outrun the lock. Returns the claim's number since the last success, or null while the account is locked
 * (and for an id that is no account: the same statement runs either way).
 */
export async function claimPasswordCheck(db: Db, id: number): Promise<number | null> {
  const row = await db
    .updateTable('staff_users')
    .set((eb) => ({ failed_login_count: eb('failed_login_count', '+', 1) }))
    .where('id', '=', id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', sql<Date>`now()`)]))
    .returning(['failed_login_count'])
    .executeTakeFirst();
  return row ? row.failed_login_count : null;
}

/** When an account's lock ends, if it is locked. */
export async function lockedUntil(db: Db, id: number): Promise<Date | null> {
  const row = await db
    .selectFrom('staff_users')
    .select('locked_until')
    .where('id', '=', id)
    .where('locked_until', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row?.locked_until ?? null;
}

/**
 * A claimed check failed: the claim that reached `lockout.failures` locks the account for `lockout.minutes`
 * (its count starts again from 0). Returns the lock's end, if it locked.
 */
export async function recordFailedPasswordCheck(
  db: Db,
  id: number,
  claim: number,
  lockout: Lockout,
): Promise<Date | null> {
  if (claim < lockout.failures) return null;
  const row = await db
    .updateTable('staff_users')
    .set({ failed_login_count: 0, locked_until: sql<Date>`now() + make_interval(mins => ${lockout.minutes})` })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', sql<Date>`now()`)]))
    .returning(['locked_until'])
    .executeTakeFirst();
  return row?.locked_until ?? null;
}

export async function clearFailedLogins(db: Db, id: number): Promise<void> {
  await db.updateTable('staff_users').set({ failed_login_count: 0, locked_until: null }).where('id', '=', id).execute();
}

export interface StaffUserChanges {
  full_name?: string;
  email?: string;
  role?: StaffRole;
  active?: boolean;
  password_hash?: string;
}

/**
 * The active admins, their rows locked until the transaction ends: a change that would leave none is decided
 * under this lock, so two admins demoting each other at once cannot both succeed.
 */
export async function lockActiveAdmins(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('staff_users')
    .select('id')
    .where('role', '=', 'admin')
    .where('active', '=', true)
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((row) => row.id);
}

export function insertStaffUser(db: Db, user: NewStaffUser): Promise<StaffUserRow> {
  return db.insertInto('staff_users').values(user).returningAll().executeTakeFirstOrThrow();
}

/** Changes an account; a new password also lifts a lock. */
export function updateStaffUser(db: Db, id: number, changes: StaffUserChanges): Promise<StaffUserRow | undefined> {
  const unlock = changes.password_hash ? { failed_login_count: 0, locked_until: null } : {};
  return db
    .updateTable('staff_users')
    .set({ ...changes, ...unlock, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
