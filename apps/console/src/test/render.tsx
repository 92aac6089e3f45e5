import { act, render, waitFor } from '@testing-library/react';
import { can, type StaffRole } from '@paydesk/domain';
import { expect, vi } from 'vitest';
import type { ReactNode } from 'react';
import {
  AdminContext,
  HttpError,
  memoryStore,
  RecordContextProvider,
  testDataProvider,
  type AuthProvider,
  type DataProvider,
  type RaRecord,
} from 'react-admin';
import { setCsrfToken } from '../api/csrf.ts';
import { i18nProvider } from '../i18n/i18nProvider.ts';

/**
 * The store (list params, selections, preferences) every test's react-admin context uses, emptied before each
 * test (setup.ts). Without it a context falls back to react-admin's own store, one per process: with the test
 * files sharing a worker's process, one file's list state would reach the next.
 */
export const testStore = memoryStore();

interface Options {
  record?: RaRecord;
  dataProvider?: DataProvider;
  authProvider?: AuthProvider;
  resource?: string;
}

/** Renders inside react-admin's context (router, theme, query client, the real English messages). */
export function renderInAdmin(
  ui: ReactNode,
  { record, dataProvider = testDataProvider(), authProvider }: Options = {},
) {
  return render(
    <AdminContext dataProvider={dataProvider} authProvider={authProvider} i18nProvider={i18nProvider} store={testStore}>
      {record ? <RecordContextProvider value={record}>{ui}</RecordContextProvider> : ui}
    </AdminContext>,
  );
}

/** Signed in as staff member `id` of `role`: what the role may do is the domain's permission matrix. */
export const authAs = (role: StaffRole, id = 1): AuthProvider => ({
  getIdentity: async () => ({ id, fullName: 'Staff' }),
  login: async () => undefined,
  logout: async () => undefined,
  checkAuth: async () => undefined,
  checkError: async () => undefined,
  getPermissions: async () => role,
  canAccess: async ({ resource, action }) => can(role, resource ?? '', action),
});

/**
 * `authAs`, and a wait until every permission check the screen asked has answered and the screen has rendered
 * the answers: what lets a test say a button is absent because the role may not use it, not because its check
 * has not answered yet.
 */
export function trackedAuthAs(role: StaffRole, id = 1) {
  const base = authAs(role, id);
  const asked: Promise<boolean>[] = [];
  const authProvider: AuthProvider = {
    ...base,
    canAccess: (params) => {
      const answer = base.canAccess!(params);
      asked.push(answer);
      return answer;
    },
  };
  async function permissionsAnswered(): Promise<void> {
    await waitFor(() => expect(asked.length).toBeGreaterThan(0));
    let answered = -1;
    while (answered !== asked.length) {
      answered = asked.length;
      // TanStack Query hands an answer to the screen on a later macrotask than the promise's own.
      await act(async () => {
        await Promise.all(asked);
        await new Promise((resolve) => setTimeout(resolve, 0));
      });
    }
  }
  return { authProvider, permissionsAnswered };
}

/** A fake `fetch` answer: the boundary the console talks through. */
export function jsonResponse(
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { 'Content-Type': 'application/json', ...init.headers },
  });
}

/** react-admin logs every failed call in development; in tests that fail calls on purpose, those logs are noise. */
export function silenceExpectedFailures(): void {
  const log = console.error.bind(console);
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    if (args[0] instanceof HttpError || args[0] instanceof TypeError) return;
    log(...args);
  });
}

/** A request the console sent through the stubbed `fetch`. */
export interface Request {
  method: string;
  url: string;
  headers: Headers;
  body: unknown;
}

/** The answer to a command: a Response, a pending promise, or a function (which may throw a network error). */
export type Answer = Response | Promise<Response> | (() => Response | Promise<Response>);

/** A list answer with its Content-Range, as ra-data-simple-rest expects it. */
export function listResponse(resource: string, rows: unknown[]): Response {
  return jsonResponse(rows, {
    headers: { 'Content-Range': `${resource} 0-${Math.max(rows.length - 1, 0)}/${rows.length}` },
  });
}

/**
 * `fetch` stubbed at the boundary, signed in (a CSRF token set): every request is recorded; a GET is answered
 * by `answerGet` (or an empty list), anything else takes the next queued answer.
 */
export function stubFetch(answerGet: (url: string) => Response | undefined) {
  const answers: Answer[] = [];
  const requests: Request[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = decodeURIComponent(String(input));
    const method = (init.method ?? 'GET').toUpperCase();
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    requests.push({ method, url, headers: new Headers(init.headers), body });
    if (method === 'GET') return answerGet(url) ?? jsonResponse([], { headers: { 'Content-Range': 'items */0' } });
    const next = answers.shift();
    if (!next) throw new Error(`unexpected ${method} ${url}`);
    return typeof next === 'function' ? next() : next;
  });
  vi.stubGlobal('fetch', fetchMock);
  setCsrfToken('csrf-123');
  silenceExpectedFailures();
  return {
    /** Queue the answer to the next command. */
    answer(answer: Answer) {
      answers.push(answer);
    },
    requests,
    posts: () => requests.filter((request) => request.method === 'POST'),
    fetchMock,
  };
}
