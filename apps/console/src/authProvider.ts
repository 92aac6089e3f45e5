import type { LoginRequest } from '@paydesk/contract';
import type { AuthProvider } from 'react-admin';
import { can } from '@paydesk/domain';
import { clearCsrfToken, getCsrfToken } from './api/csrf.ts';
import { currentSession, loadSession, rememberSession, requestJson } from './api/session.ts';
import type { StaffSession } from './types.ts';

/** `POST /api/auth/login`'s body. */
export type LoginParams = LoginRequest;

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Staff sessions (api.md "Staff session"): a cookie set by the BFF, plus a CSRF token kept in memory. */
export const authProvider: AuthProvider = {
  async login({ email, password }: LoginParams) {
    const session = await requestJson<StaffSession>('/auth/login', {
      method: 'POST',
      body: JSON.stringify({ email, password } satisfies LoginRequest),
    });
    rememberSession(session);
  },

  async logout() {
    const token = getCsrfToken();
    clearCsrfToken();
    rememberSession(null);
    // Without a token there is no session to end (it expired, or the user never signed in).
    if (!token) return;
    await requestJson('/auth/logout', { method: 'POST', body: '{}', headers: { 'X-CSRF-Token': token } }).catch(
      () => undefined,
    );
  },

  async checkAuth() {
    try {
      await loadSession();
    } catch (error) {
      clearCsrfToken();
      // No notification: the login page says what to do.
      throw { message: false, status: statusOf(error) };
    }
  },

  async checkError(error: unknown) {
    if (statusOf(error) === 401) {
      clearCsrfToken();
      throw error;
    }
    // 403 means "your role may not do this": stay signed in, the notification says why.
  },

  async getIdentity() {
    const session = await loadSession();
    return { id: session.id, fullName: session.full_name, email: session.email, role: session.role };
  },

  async getPermissions() {
    const session = await loadSession();
    return session.role;
  },

  /** The BFF's permission matrix (packages/domain): what a role may not do is not offered. */
  async canAccess({ resource, action }) {
    const session = currentSession() ?? (await loadSession());
    return can(session.role, resource, action);
  },
};
