import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, expect } from 'vitest';
import { clearCsrfToken } from '../api/csrf.ts';
import { listenForMissingMessages } from '../i18n/i18nProvider.ts';

// findBy… and waitFor wait for their condition up to 10 s (the default is 1 s) and end as soon as it holds: a
// screen that renders late on a loaded machine is still waited for, and a quick one costs no more.
configure({ asyncUtilTimeout: 10_000 });

// Every message key a test's screen asks for must be in the catalogue (no allowMissing in the tests).
const missing = new Set<string>();
beforeEach(() => {
  missing.clear();
  listenForMissingMessages((key) => missing.add(key));
});

afterEach(() => {
  cleanup();
  clearCsrfToken();
  listenForMissingMessages(undefined);
  expect([...missing], 'message keys missing from the catalogue (i18n/en.ts)').toEqual([]);
});
