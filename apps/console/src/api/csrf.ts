/**
 * The session's CSRF token, kept in memory only (never in storage): login and `GET /api/auth/me` return it,
 * every state-changing request sends it back as `X-CSRF-Token`.
 */
let csrfToken: string | null = null;

export function getCsrfToken(): string | null {
  return csrfToken;
}

export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ? token : null;
}

export function clearCsrfToken(): void {
  csrfToken = null;
}
