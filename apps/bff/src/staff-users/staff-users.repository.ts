import type { StaffRole } from '@paydesk/domain';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { StaffUserRow } from '../db/schema.ts';

export interface NewStaffUser {
  full_name: string;
  email: string;
  password_hash: string;
  role: StaffRole;
}

export function findStaffUserByEmail(db: Db, email: string): Promise<StaffUserRow | undefined> {
  return db
    .selectFrom('staff_users')
    .selectAll()
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
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
  const row = await db.selectFrom('staff_users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
