import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { clearCsrfToken } from '../api/csrf.ts';
import { forgetSession } from '../api/session.ts';
import { listenForMissingMessages } from '../i18n/i18nProvider.ts';
import { testStore } from './render.tsx';

// findBy… and waitFor wait for their condition up to 10 s (the default is 1 s) and end as soon as it holds: a
// screen that renders late on a loaded machine is still waited for, and a quick one costs no more.
configure({ asyncUtilTimeout: 10_000 });

// The test files of a worker share its process and its jsdom window (`isolate: false`), so every test starts
// from what a fresh page has: no URL beyond the origin (react-admin routes, and keeps a list's filter, sort and
// page, in the URL's hash), an empty store and empty storage, no session, no CSRF token.
beforeEach(() => {
  window.history.replaceState(null, '', '/');
  testStore.reset();
  localStorage.clear();
  sessionStorage.clear();
  forgetSession();
  clearCsrfToken();
});

// Every message key a test's screen asks for must be in the catalogue (no allowMissing in the tests).
const missing = new Set<string>();
beforeEach(() => {
  missing.clear();
  listenForMissingMessages((key) => missing.add(key));
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  clearCsrfToken();
  listenForMissingMessages(undefined);
  expect([...missing], 'message keys missing from the catalogue (i18n/en.ts)').toEqual([]);
});
