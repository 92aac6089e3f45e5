import { type DemoAccounts, loginBody, passwordChangeBody, type StaffSession } from '@paydesk/contract';
import { Router, type Response } from 'express';
import type { Db } from '../db/database.ts';
import type { StaffUserRow } from '../db/schema.ts';
import { recordAuditEvent } from '../audit-events/audit-events.repository.ts';
import { requestOrigin } from '../http/request-context.ts';
import { AppError, invalidArgument } from '../http/errors.ts';
import { parseInput } from '../http/validate.ts';
import { getSetting } from '../settings/settings.repository.ts';
import {
  claimPasswordCheck,
  clearFailedLogins,
  DEFAULT_LOCKOUT,
  findStaffUserByEmail,
  listStaffUsersByEmail,
  lockedUntil,
  type Lockout,
  recordFailedPasswordCheck,
  updateStaffUser,
} from '../staff-users/staff-users.repository.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { deleteSessionsOf } from './sessions.repository.ts';
import { requireCsrf, requireSession, sessionToken, staffOf } from './require-session.ts';
import { endSession, hashToken, SESSION_COOKIE, startSession } from './sessions.ts';
import { DEMO_PASSWORD, DEMO_STAFF } from '../staff-users/demo-staff.ts';

function identity(user: StaffUserRow, csrfToken: string): StaffSession {
  return { id: user.id, full_name: user.full_name, email: user.email, role: user.role, csrf_token: csrfToken };
}

/** One answer for every refused sign-in: it never tells an unknown email from a wrong password or a lock. */
const SIGN_IN_REFUSED = 'Email or password is incorrect.';

/**
 * Verified against when there is no account's hash to check (an unknown email), so that every refused
 * sign-in costs one argon2 verification: made once, with the same parameters as every stored hash.
 */
let dummyHash: Promise<string> | undefined;
const dummyPasswordHash = () => (dummyHash ??= hashPassword('not-a-real-password'));

/** Shows a staff member when a lock ends, in UTC. */
const untilText = (until: Date) => `${until.toISOString().slice(11, 16)} UTC`;

export function authRouter(db: Db, lockout: Lockout = DEFAULT_LOCKOUT): Router {
  const router = Router();
  void dummyPasswordHash();

  /**
   * Every sign-in does the same work whatever it meets (an unknown email, a wrong password, a locked or
   * deactivated account): one lookup, one claim of a password check (a statement that changes nothing when
   * there is no account or it is locked), one argon2 verification, one audit event; and every refusal is
   * the same 401.
   */
  router.post('/login', async (req, res: Response) => {
    const { email, password } = parseInput(loginBody, req.body);
    const user = await findStaffUserByEmail(db, email);
    const claim = await claimPasswordCheck(db, user?.id ?? 0);
    const checkable = user !== undefined && claim !== null && claim <= lockout.failures;
    const verified = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
    if (!checkable || !verified || !user.active) {
      // Locked, or over the limit while other checks of the account are in flight (this one locks it too).
      const locked = user !== undefined && (claim === null || claim > lockout.failures);
      const lockedNow = user && claim !== null ? await recordFailedPasswordCheck(db, user.id, claim, lockout) : null;
      await recordAuditEvent(db, {
        staff_user_id: user?.id ?? null,
        action: 'auth.login',
        outcome: 'refused',
        reason: locked ? 'locked' : lockedNow ? 'locked after too many failures' : null,
        resource: 'staff-users',
        record_id: user ? String(user.id) : null,
        ...requestOrigin(req),
      });
      throw new AppError('Unauthenticated', SIGN_IN_REFUSED);
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
    const demo: DemoAccounts = {
      accounts: existing.filter((u) => u.active).map((u) => ({ email: u.email, full_name: u.full_name, role: u.role })),
      password: DEMO_PASSWORD,
    };
    res.json(demo);
  });

  router.get('/me', requireSession(db), (req, res) => {
    const { user, csrfToken } = staffOf(req);
    res.json(identity(user, csrfToken));
  });

  /** Everyone may change their own password; their other sessions end. */
  router.post('/password', requireSession(db), requireCsrf, async (req, res) => {
    const staff = staffOf(req);
    const { current_password, new_password } = parseInput(passwordChangeBody, req.body);
    // The current password is a password check like a sign-in's: it counts toward the account's lock, and a
    // locked account's is not checked.
    const claim = await claimPasswordCheck(db, staff.user.id);
    const checkable = claim !== null && claim <= lockout.failures;
    const verified = checkable && (await verifyPassword(staff.user.password_hash, current_password));
    if (!verified) {
      const lockedNow = claim !== null ? await recordFailedPasswordCheck(db, staff.user.id, claim, lockout) : null;
      await recordAuditEvent(db, {
        staff_user_id: staff.user.id,
        action: 'auth.password',
        outcome: 'refused',
        reason: !checkable ? 'locked' : lockedNow ? 'locked after too many failures' : null,
        resource: 'staff-users',
        record_id: String(staff.user.id),
        ...requestOrigin(req),
      });
      if (checkable && !lockedNow) throw invalidArgument({ current_password: 'This is not your current password.' });
      const until = lockedNow ?? (await lockedUntil(db, staff.user.id));
      if (until) res.set('Retry-After', String(Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000))));
      throw new AppError(
        'TooManyRequests',
        `Too many wrong passwords: this account is locked${until ? ` until ${untilText(until)}` : ''}. An admin can unlock it by resetting the password.`,
      );
    }
    await clearFailedLogins(db, staff.user.id);
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
