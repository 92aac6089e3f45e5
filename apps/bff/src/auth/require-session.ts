import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Db } from '../db/database.ts';
import type { StaffUserRow } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { type staffRequestHit, withCountedHit } from '../http/rate-limits.ts';
import { resumeSession, SESSION_COOKIE } from './sessions.ts';

export interface StaffContext {
  user: StaffUserRow;
  csrfToken: string;
  sessionToken: string;
}

declare global {
  namespace Express {
    interface Request {
      staff?: StaffContext;
    }
  }
}

/** The signed-in staff member; only for routes behind requireSession. */
export function staffOf(req: Request): StaffContext {
  if (!req.staff) throw new AppError('Unauthenticated', 'Sign in to continue.');
  return req.staff;
}

export function sessionToken(req: Request): string | undefined {
  const token = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof token === 'string' && token.length > 0 && token.length < 200 ? token : undefined;
}

/**
 * Finds the request's live session, if it has one, for what follows (the rate limit counts per staff member).
 * With `countHit`, the staff member's hit of that limit is counted in the session's own statement, and the
 * limiter that follows takes it as counted.
 */
export function loadSession(db: Db, { countHit }: { countHit?: typeof staffRequestHit } = {}): RequestHandler {
  return async (req, _res, next) => {
    if (!req.staff) {
      const token = sessionToken(req);
      const session = token ? await resumeSession(db, token, new Date(), countHit) : undefined;
      if (token && session) {
        req.staff = { user: session.user, csrfToken: session.csrf_token, sessionToken: token };
        if (countHit && session.hit) return withCountedHit(countHit.keyPrefix + session.user.id, session.hit, next);
      }
    }
    next();
  };
}

/** Every /api route but login, health and the demo accounts needs a live session. */
export function requireSession(db: Db): RequestHandler {
  const load = loadSession(db);
  return (req, res, next) =>
    load(req, res, () => {
      if (!req.staff) throw new AppError('Unauthenticated', 'Your session has ended. Sign in again.');
      next();
    });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** State-changing requests carry X-CSRF-Token equal to the session's token (api.md). */
export const requireCsrf: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const expected = Buffer.from(staffOf(req).csrfToken);
  const given = Buffer.from(req.get('x-csrf-token') ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('Forbidden', 'This request is missing its CSRF token. Reload the page and try again.');
  }
  next();
};
