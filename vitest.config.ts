import { defineConfig } from 'vitest/config';

// One runner for the whole suite. The BFF's HTTP tests run twice: on embedded PGlite and on PostgreSQL
// (*.postgres.test.ts only on PostgreSQL).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'domain', root: 'packages/domain', include: ['src/**/*.test.ts'] } },
      { test: { name: 'gateway-sim', root: 'apps/gateway-sim', include: ['src/**/*.test.ts'] } },
      {
        test: {
          name: 'bff-pglite',
          root: 'apps/bff',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.postgres.test.ts'],
          env: { PAYDESK_TEST_DB: 'pglite' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'bff-postgres',
          root: 'apps/bff',
          include: ['test/**/*.test.ts'],
          env: { PAYDESK_TEST_DB: 'postgres' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      'apps/console/vitest.config.ts',
      'e2e/vitest.config.ts',
    ],
  },
});
