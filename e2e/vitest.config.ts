import { defineProject } from 'vitest/config';

// End-to-end: the built console and the real BFF, driven in headless Chromium. The BFF tests' global setup
// migrates one embedded database for the run, which each file's BFF starts from (support/paydesk.ts).
export default defineProject({
  test: {
    name: 'e2e',
    include: ['**/*.e2e.ts'],
    globalSetup: ['../apps/bff/test/global-setup.ts'],
    // A worker runs its files one after another in one process: the BFF's modules, Playwright and PGlite's
    // WebAssembly load once per worker. Each file still starts its own database, BFF and browser and stops them
    // in afterAll (support/paydesk.ts); no file mocks a module or changes process.env.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { PAYDESK_TEST_FAST_PASSWORD_HASHING: '1' },
  },
});
