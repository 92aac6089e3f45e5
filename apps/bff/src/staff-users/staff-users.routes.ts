import { STAFF_ROLES } from '@paydesk/domain';
import { Router } from 'express';
import { z } from 'zod';
import { recordAuditEvent } from '../audit-events/audit-events.repository.ts';
import { newPassword } from '../auth/auth.routes.ts';
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
  staffUserListSpec,
  updateStaffUser,
} from './staff-users.repository.ts';

/** Never the password hash. */
export function staffUserToWire({ password_hash: _hash, ...user }: StaffUserRow) {
  return user;
}

const account = {
  full_name: z.string().trim().min(1, 'This field is required.').max(200),
  email: z.string().trim().toLowerCase().email('Must be an email address.').max(254),
  role: z.enum(STAFF_ROLES, { error: `Must be one of ${STAFF_ROLES.join(', ')}.` }),
};
const createInput = z.object({ ...account, password: newPassword });
const updateInput = z.object({ ...account, active: z.boolean() });
const resetInput = z.object({ password: newPassword });

async function uniqueEmail<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('Conflict', { email: 'Another staff member has this email.' });
    throw error;
  }
}

/** Staff accounts, for admins: create, change role, deactivate (their sessions end at once), reset a password. */
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
    const { password, ...input } = parseInput(createInput, req.body);
    const user = await uniqueEmail(async () =>
      insertStaffUser(db, { ...input, password_hash: await hashPassword(password) }),
    );
    res.status(201).json(staffUserToWire(user));
  });

  router.put('/:id', async (req, res) => {
    const current = await findOr404(db, resource, req.params.id);
    const input = parseInput(updateInput, req.body);
    if (current.id === staffOf(req).user.id && (!input.active || input.role !== current.role)) {
      throw new AppError('InvalidState', 'You cannot deactivate yourself or change your own role; ask another admin.');
    }
    const updated = await uniqueEmail(() => updateStaffUser(db, current.id, input));
    if (!input.active) await deleteSessionsOf(db, current.id);
    res.json(staffUserToWire(updated ?? current));
  });

  router.post('/:id/password', authorize(db, 'staff-users', 'edit'), async (req, res) => {
    const current = await findOr404(db, resource, req.params.id);
    const { password } = parseInput(resetInput, req.body);
    const updated = await updateStaffUser(db, current.id, { password_hash: await hashPassword(password) });
    await deleteSessionsOf(db, current.id);
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
