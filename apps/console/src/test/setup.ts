import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, expect } from 'vitest';
import { clearCsrfToken } from '../api/csrf.ts';
import { listenForMissingMessages } from '../i18n/i18nProvider.ts';

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
