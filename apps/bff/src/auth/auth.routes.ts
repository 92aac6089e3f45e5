import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { StaffUserRow } from '../db/schema.ts';
import { recordAuditEvent } from '../audit-events/audit-events.repository.ts';
import { requestOrigin } from '../http/request-context.ts';
import { AppError, invalidArgument } from '../http/errors.ts';
import { parseInput } from '../http/validate.ts';
import { getSetting } from '../settings/settings.repository.ts';
import {
  clearFailedLogins,
  findStaffUserByEmail,
  listStaffUsersByEmail,
  recordFailedLogin,
  updateStaffUser,
} from '../staff-users/staff-users.repository.ts';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.ts';
import { deleteSessionsOf } from './sessions.repository.ts';
import { requireCsrf, requireSession, sessionToken, staffOf } from './require-session.ts';
import { endSession, hashToken, SESSION_COOKIE, startSession } from './sessions.ts';
import { DEMO_PASSWORD, DEMO_STAFF } from '../staff-users/demo-staff.ts';

const loginInput = z.object({
  email: z.string().trim().min(1, 'This field is required.').max(254),
  password: z.string().min(1, 'This field is required.').max(1024),
});

export const newPassword = z
  .string({ error: 'This field is required.' })
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(1024, 'Use at most 1,024 characters.');

const passwordChange = z.object({
  current_password: z.string({ error: 'This field is required.' }).min(1, 'This field is required.'),
  new_password: newPassword,
});

function identity(user: StaffUserRow, csrfToken: string) {
  return { id: user.id, full_name: user.full_name, email: user.email, role: user.role, csrf_token: csrfToken };
}

/** Compared against when the email is unknown, so a wrong email costs as long as a wrong password. */
let dummyHash: Promise<string> | undefined;

export function authRouter(db: Db): Router {
  const router = Router();

  router.post('/login', async (req, res: Response) => {
    const { email, password } = parseInput(loginInput, req.body);
    const user = await findStaffUserByEmail(db, email);
    if (user?.locked_until && user.locked_until > new Date()) {
      await recordAuditEvent(db, {
        staff_user_id: user.id,
        action: 'auth.login',
        outcome: 'refused',
        reason: 'locked',
        resource: 'staff-users',
        record_id: String(user.id),
        ...requestOrigin(req),
      });
      throw new AppError(
        'Unauthenticated',
        `Too many failed sign-ins: this account is locked until ${user.locked_until.toISOString().slice(11, 16)} UTC. An admin can unlock it by resetting the password.`,
      );
    }
    const passwordHash = user?.password_hash ?? (await (dummyHash ??= hashPassword('not-a-real-password')));
    const valid = (await verifyPassword(passwordHash, password)) && user !== undefined && user.active;
    if (!valid) {
      const lockedUntil = user ? await recordFailedLogin(db, user.id) : null;
      await recordAuditEvent(db, {
        staff_user_id: user?.id ?? null,
        action: 'auth.login',
        outcome: 'refused',
        reason: lockedUntil ? 'locked after too many failures' : null,
        resource: 'staff-users',
        record_id: user ? String(user.id) : null,
        ...requestOrigin(req),
      });
      throw new AppError('Unauthenticated', 'Email or password is incorrect.');
    }
    await clearFailedLogins(db, user.id);
    // A new session at every login; a session the browser already had ends.
    const previous = sessionToken(req);
    if (previous) await endSession(db, previous);
    const session = await startSession(db, user);
    res.cookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/',
      expires: session.expiresAt,
    });
    await recordAuditEvent(db, {
      staff_user_id: user.id,
      action: 'auth.login',
      outcome: 'succeeded',
      resource: 'staff-users',
      record_id: String(user.id),
      ...requestOrigin(req),
    });
    res.json(identity(user, session.csrfToken));
  });

  /** Public: the demo accounts, only where the demo data was asked for. */
  router.get('/demo-accounts', async (_req, res) => {
    if (!(await getSetting(db, 'demo_staff'))) {
      res.json({ accounts: [] });
      return;
    }
    const existing = await listStaffUsersByEmail(
      db,
      DEMO_STAFF.map((s) => s.email),
    );
    res.json({
      accounts: existing.filter((u) => u.active).map((u) => ({ email: u.email, full_name: u.full_name, role: u.role })),
      password: DEMO_PASSWORD,
    });
  });

  router.get('/me', requireSession(db), (req, res) => {
    const { user, csrfToken } = staffOf(req);
    res.json(identity(user, csrfToken));
  });

  /** Everyone may change their own password; their other sessions end. */
  router.post('/password', requireSession(db), requireCsrf, async (req, res) => {
    const staff = staffOf(req);
    const { current_password, new_password } = parseInput(passwordChange, req.body);
    if (!(await verifyPassword(staff.user.password_hash, current_password))) {
      await recordAuditEvent(db, {
        staff_user_id: staff.user.id,
        action: 'auth.password',
        outcome: 'refused',
        resource: 'staff-users',
        record_id: String(staff.user.id),
        ...requestOrigin(req),
      });
      throw invalidArgument({ current_password: 'This is not your current password.' });
    }
    await updateStaffUser(db, staff.user.id, { password_hash: await hashPassword(new_password) });
    await deleteSessionsOf(db, staff.user.id, hashToken(staff.sessionToken));
    await recordAuditEvent(db, {
      staff_user_id: staff.user.id,
      action: 'auth.password',
      outcome: 'succeeded',
      resource: 'staff-users',
      record_id: String(staff.user.id),
      ...requestOrigin(req),
    });
    res.json({});
  });

  router.post('/logout', requireSession(db), requireCsrf, async (req, res) => {
    const staff = staffOf(req);
    await endSession(db, staff.sessionToken);
    await recordAuditEvent(db, {
      staff_user_id: staff.user.id,
      action: 'auth.logout',
      outcome: 'succeeded',
      resource: 'staff-users',
      record_id: String(staff.user.id),
      ...requestOrigin(req),
    });
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
    res.json({});
  });
  return router;
}
