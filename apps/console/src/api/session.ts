import { HttpError } from 'react-admin';
import type { StaffSession } from '../types.ts';
import { setCsrfToken } from './csrf.ts';
import { toHttpError } from './errors.ts';

export const API_URL = '/api';

let inFlight: Promise<StaffSession> | null = null;
let signedIn: StaffSession | null = null;

/** The session last seen (login or /me), for decisions that must not wait on the network. */
export function currentSession(): StaffSession | null {
  return signedIn;
}

/** No session known and none being asked for: what a page starts with. */
export function forgetSession(): void {
  inFlight = null;
  signedIn = null;
}

export function rememberSession(session: StaffSession | null): void {
  signedIn = session;
  if (session) setCsrfToken(session.csrf_token);
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** Fails with react-admin's HttpError (api.md's sentence as message, status kept). */
export async function requestJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${API_URL}${path}`, {
    ...init,
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json',
      ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      ...init.headers,
    },
  });
  const body = await readJson(response);
  if (!response.ok) {
    const message = (body as { message?: unknown } | null)?.message;
    throw toHttpError(
      new HttpError(typeof message === 'string' ? message : response.statusText, response.status, body),
    );
  }
  return body as T;
}

/**
 * `GET /api/auth/me`: who is signed in, and the CSRF token (kept in memory). Concurrent callers share one
 * request: react-admin asks checkAuth and getIdentity at the same moment.
 */
export function loadSession(): Promise<StaffSession> {
  inFlight ??= requestJson<StaffSession>('/auth/me')
    .then((session) => {
      rememberSession(session);
      return session;
    })
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}
