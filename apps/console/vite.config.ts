import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './build/precompress.ts';

// The console is served by the BFF from apps/console/dist, each text file beside its brotli and gzip copies
// (build/precompress.ts); in development Vite proxies /api to it. The build is quiet: warnings, and one line
// from precompress, instead of a line per file (VITE_VERBOSE=1 brings them back).
export default defineConfig(({ command }) => ({
  plugins: [react(), precompress()],
  logLevel: command === 'build' && !process.env.VITE_VERBOSE ? 'warn' : 'info',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // The sizes that matter are the precompressed files', which precompress reports.
    reportCompressedSize: false,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
}));
