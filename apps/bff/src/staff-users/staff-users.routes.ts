import { passwordResetBody, type StaffUser, staffUserCreateBody, staffUserUpdateBody } from '@paydesk/contract';
import { Router } from 'express';
import { recordAuditEvent } from '../audit-events/audit-events.repository.ts';
import { authorize } from '../auth/authorize.ts';
import { hashPassword } from '../auth/passwords.ts';
import { staffOf } from '../auth/require-session.ts';
import { deleteSessionsOf } from '../auth/sessions.repository.ts';
import type { Db } from '../db/database.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { StaffUserRow } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { addReadRoutes, findOr404 } from '../http/read-routes.ts';
import { requestOrigin } from '../http/request-context.ts';
import { parseInput } from '../http/validate.ts';
import {
  findStaffUserById,
  insertStaffUser,
  listStaffUsers,
  lockActiveAdmins,
  staffUserListSpec,
  updateStaffUser,
} from './staff-users.repository.ts';

/** Explicit picks: never the password hash or the failure count; a lock only while it lasts. */
export function staffUserToWire(user: StaffUserRow, now = new Date()): StaffUser {
  return {
    id: user.id,
    full_name: user.full_name,
    email: user.email,
    role: user.role,
    active: user.active,
    locked_until: user.locked_until && user.locked_until > now ? user.locked_until.toISOString() : null,
    created_at: user.created_at.toISOString(),
    updated_at: user.updated_at.toISOString(),
  };
}

/** What an edit changed, for its audit event: names of fields, the role's old and new value, never a secret. */
function changesNote(before: StaffUserRow, after: { full_name: string; email: string; role: string; active: boolean }) {
  const changes: string[] = [];
  if (after.full_name !== before.full_name) changes.push('name changed');
  if (after.email !== before.email) changes.push('email changed');
  if (after.role !== before.role) changes.push(`role ${before.role} → ${after.role}`);
  if (after.active !== before.active) changes.push(after.active ? 'reactivated' : 'deactivated');
  return changes.length > 0 ? changes.join('; ') : 'no change';
}

const LAST_ADMIN = 'Paydesk keeps at least one active admin: make another staff member an admin first.';

async function uniqueEmail<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('Conflict', { email: 'Another staff member has this email.' });
    throw error;
  }
}

/**
 * Staff accounts, for admins: create, change name or role, deactivate and reactivate (a deactivated account's
 * sessions end at once), reset a password (which lifts a lock and ends the account's sessions). At least one
 * active admin always remains.
 */
export function staffUsersRouter(db: Db): Router {
  const router = Router();
  const resource = {
    spec: staffUserListSpec,
    noun: 'staff user',
    list: listStaffUsers,
    find: findStaffUserById,
    toWire: staffUserToWire,
  };
  addReadRoutes(router, db, resource);

  router.post('/', async (req, res) => {
    const { password, ...input } = parseInput(staffUserCreateBody, req.body);
    res.locals.auditNote = `role ${input.role}`;
    const user = await uniqueEmail(async () =>
      insertStaffUser(db, { ...input, password_hash: await hashPassword(password) }),
    );
    res.status(201).json(staffUserToWire(user));
  });

  router.put('/:id', async (req, res) => {
    const current = await findOr404(db, resource, req.params.id);
    const input = parseInput(staffUserUpdateBody, req.body);
    res.locals.auditNote = changesNote(current, input);
    const updated = await db.transaction().execute(async (tx) => {
      const removesAnAdmin = current.role === 'admin' && current.active && (input.role !== 'admin' || !input.active);
      if (removesAnAdmin) {
        const admins = await lockActiveAdmins(tx);
        if (admins.every((id) => id === current.id)) throw new AppError('InvalidState', LAST_ADMIN);
      }
      const row = await uniqueEmail(() => updateStaffUser(tx, current.id, input));
      // A deactivated account's sessions end with the change itself.
      if (!input.active) await deleteSessionsOf(tx, current.id);
      return row;
    });
    res.json(staffUserToWire(updated ?? current));
  });

  router.post('/:id/password', authorize(db, 'staff-users', 'edit'), async (req, res) => {
    const current = await findOr404(db, resource, req.params.id);
    const { password } = parseInput(passwordResetBody, req.body);
    const passwordHash = await hashPassword(password);
    const updated = await db.transaction().execute(async (tx) => {
      const row = await updateStaffUser(tx, current.id, { password_hash: passwordHash });
      await deleteSessionsOf(tx, current.id);
      return row;
    });
    await recordAuditEvent(db, {
      staff_user_id: staffOf(req).user.id,
      action: 'staff-users.reset-password',
      outcome: 'succeeded',
      resource: 'staff-users',
      record_id: String(current.id),
      ...requestOrigin(req),
    });
    res.json(staffUserToWire(updated ?? current));
  });
  return router;
}
