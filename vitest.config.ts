import { defineConfig } from 'vitest/config';
import TestSequencer from './vitest.sequencer.ts';

// One runner for the whole suite. The BFF's HTTP tests run twice: on embedded PGlite and on PostgreSQL
// (*.postgres.test.ts only on PostgreSQL). Each BFF project migrates one template database before its first
// test file (test/global-setup.ts), and hashes passwords at a low cost (never outside the tests).
// Their tests and hooks may take 60 and 120 s: four files share two cores, and PGlite's work is all CPU.
// `isolate: false`: a worker runs one file after another in one process, instead of a new process per file
// that imports the app again and compiles PGlite's WebAssembly again (PGlite keeps the compiled module for the
// process). Every file still opens its own database and app and closes them in afterAll (harness.ts); the only
// state left in the process is the modules, and none holds an app or a test's data. The one that holds databases
// keeps closed PGlite databases for the worker's next files, emptied (test/pglite-template.ts).
const bffEnv = { PAYDESK_TEST_FAST_PASSWORD_HASHING: '1' };
export default defineConfig({
  test: {
    // Test files at once, across all projects. Vitest's default is one fewer than the cores (a single worker on
    // a 2-core machine). Four on two cores: the files' waits (PostgreSQL, HTTP, Chromium, the simulator's held
    // calls) overlap with another file's work; with three, a run used about 1.4 of the 2 cores. The browser tests
    // go first (vitest.sequencer.ts). Each file has its own database (harness.ts) and its own ports (port 0).
    // `--maxWorkers` or VITEST_MAX_WORKERS overrides it.
    maxWorkers: 4,
    sequence: { sequencer: TestSequencer },
    projects: [
      { test: { name: 'domain', root: 'packages/domain', include: ['src/**/*.test.ts'] } },
      { test: { name: 'gateway-sim', root: 'apps/gateway-sim', include: ['src/**/*.test.ts'] } },
      {
        test: {
          name: 'bff-pglite',
          root: 'apps/bff',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.postgres.test.ts'],
          env: { ...bffEnv, PAYDESK_TEST_DB: 'pglite' },
          globalSetup: ['test/global-setup.ts'],
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'bff-postgres',
          root: 'apps/bff',
          include: ['test/**/*.test.ts'],
          env: { ...bffEnv, PAYDESK_TEST_DB: 'postgres' },
          globalSetup: ['test/global-setup.ts'],
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      'apps/console/vitest.config.ts',
      'e2e/vitest.config.ts',
    ],
  },
});
