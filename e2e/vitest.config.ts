import { defineProject } from 'vitest/config';

// End-to-end: the built console and the real BFF, driven in headless Chromium.
export default defineProject({
  test: {
    name: 'e2e',
    include: ['**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { PAYDESK_TEST_FAST_PASSWORD_HASHING: '1' },
  },
});
