import { describe, expect, it, vi } from 'vitest';
import { getCsrfToken, setCsrfToken } from './api/csrf.ts';
import { authProvider } from './authProvider.ts';
import { jsonResponse } from './test/render.tsx';

const staff = { id: 7, full_name: 'Ada Lovelace', email: 'ada@paydesk.test', role: 'finance', csrf_token: 'tok-1' };

function stubFetch(answer: (url: string, init?: RequestInit) => Response) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => answer(String(input), init));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('authProvider', () => {
  it('logs in with email and password and keeps the CSRF token in memory', async () => {
    const fetchMock = stubFetch(() => jsonResponse(staff));
    await authProvider.login({ email: 'ada@paydesk.test', password: 'pw' });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/auth/login');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ email: 'ada@paydesk.test', password: 'pw' });
    expect(getCsrfToken()).toBe('tok-1');
  });

  it("rejects wrong credentials with the API's sentence", async () => {
    stubFetch(() =>
      jsonResponse({ code: 'Unauthenticated', message: 'Email or password is incorrect.' }, { status: 401 }),
    );
    await expect(authProvider.login({ email: 'x@y.z', password: 'no' })).rejects.toThrow(
      'Email or password is incorrect.',
    );
    expect(getCsrfToken()).toBeNull();
  });

  it('checks the session with /api/auth/me, refreshing the token', async () => {
    stubFetch(() => jsonResponse({ ...staff, csrf_token: 'tok-2' }));
    await authProvider.checkAuth({});
    expect(getCsrfToken()).toBe('tok-2');
    await expect(authProvider.getIdentity!()).resolves.toMatchObject({ id: 7, fullName: 'Ada Lovelace' });
  });

  it('fails checkAuth without a session', async () => {
    stubFetch(() => jsonResponse({ code: 'Unauthenticated', message: 'Sign in first.' }, { status: 401 }));
    await expect(authProvider.checkAuth({})).rejects.toMatchObject({ status: 401 });
  });

  it('logs out on 401 only: a 403 is a role refusal, not an ended session', async () => {
    setCsrfToken('tok');
    await expect(authProvider.checkError({ status: 403 })).resolves.toBeUndefined();
    expect(getCsrfToken()).toBe('tok');
    await expect(authProvider.checkError({ status: 401 })).rejects.toBeDefined();
    expect(getCsrfToken()).toBeNull();
  });

  it('logs out with the CSRF header, then forgets the token', async () => {
    setCsrfToken('tok-3');
    const fetchMock = stubFetch(() => new Response(null, { status: 204 }));
    await authProvider.logout({});
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/auth/logout');
    expect(new Headers(init?.headers).get('X-CSRF-Token')).toBe('tok-3');
    expect(getCsrfToken()).toBeNull();
  });

  it.each([
    ['viewer', 'payments', 'list', true],
    ['viewer', 'payments', 'capture', false],
    ['operator', 'payments', 'capture', true],
    ['operator', 'payments', 'refund', false],
    ['finance', 'payments', 'refund', true],
    ['finance', 'staff-users', 'list', false],
    ['admin', 'staff-users', 'list', true],
  ])('lets a %s %s.%s: %s (the BFF’s matrix)', async (role, resource, action, allowed) => {
    stubFetch(() => jsonResponse({ ...staff, role }));
    await authProvider.login({ email: 'ada@paydesk.test', password: 'pw' });
    await expect(authProvider.canAccess!({ resource, action })).resolves.toBe(allowed);
  });
});
