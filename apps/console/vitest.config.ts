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
    // Rendering in jsdom is all CPU: with three test files on two cores, a long dialog test takes twice as long.
    testTimeout: 30_000,
  },
});
