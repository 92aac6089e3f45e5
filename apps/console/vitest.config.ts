import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Component tests: React in jsdom, the network stubbed at `fetch`.
export default defineConfig({
  plugins: [react()],
  test: {
    name: 'console',
    environment: 'jsdom',
    include: ['src/**/*.test.tsx'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
    // `isolate: false`: a worker runs one test file after another in one process and one jsdom window, instead of
    // a new process per file that imports React, MUI and react-admin again. What a test could leave behind is reset
    // before each test (src/test/setup.ts): the URL, react-admin's store (every test's context uses the one the
    // setup empties), local and session storage, the session and CSRF token; testing-library unmounts after each
    // test; stubbed globals, spies and fake timers are restored. No console test mocks a module (vi.mock), which
    // would stay mocked for the worker's later files.
    isolate: false,
    // Rendering in jsdom is all CPU: with four test files on two cores, a long dialog test takes twice as long.
    testTimeout: 30_000,
  },
});
