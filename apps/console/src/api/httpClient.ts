import { fetchUtils } from 'react-admin';
import { getCsrfToken } from './csrf.ts';
import { toHttpError } from './errors.ts';
import { loadSession } from './session.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isWrite(method: string | undefined): boolean {
  return !SAFE_METHODS.has((method ?? 'GET').toUpperCase());
}

/**
 * fetchJson with the session cookie (same origin), without a Range header, and, on every state-changing
 * request, the CSRF token.
 * If the page was reloaded and the token is not known yet, it is fetched from `/api/auth/me` first.
 */
export async function httpClient(url: string, options: fetchUtils.Options = {}) {
  const headers = new Headers(options.headers ?? undefined);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  // ra-data-simple-rest repeats a list's `range` query as a Range header. The API reads the query, and a
  // browser asks for a Range request's answer uncompressed (Accept-Encoding: identity).
  headers.delete('Range');
  if (isWrite(options.method)) {
    let token = getCsrfToken();
    if (!token) token = (await loadSession().catch(() => null))?.csrf_token ?? null;
    if (token) headers.set('X-CSRF-Token', token);
  }
  try {
    return await fetchUtils.fetchJson(url, { ...options, headers, credentials: 'same-origin' });
  } catch (error) {
    throw toHttpError(error);
  }
}
