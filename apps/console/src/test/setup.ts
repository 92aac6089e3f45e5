import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { clearCsrfToken } from '../api/csrf.ts';

afterEach(() => {
  cleanup();
  clearCsrfToken();
});
