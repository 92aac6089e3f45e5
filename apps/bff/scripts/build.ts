import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * The BFF compiled to JavaScript for production (`pnpm start`, the Dockerfile): the server and the CLI, each
 * one ES module in dist/ with its source map. The workspace's own TypeScript (src/, @paydesk/domain) is bundled;
 * the npm dependencies stay in node_modules (native argon2, PGlite's WebAssembly, pino's workers need their
 * own files). dist/ sits as deep as src/, so paths from the file (config.ts's repository root) hold for both.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
const external = Object.keys(manifest.dependencies).filter((name) => !name.startsWith('@paydesk/'));

const started = performance.now();
await build({
  absWorkingDir: root,
  entryPoints: { server: 'src/server.ts', cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: true,
  external: [...external, 'pg-native'],
  logLevel: 'warning',
});
console.log(`BFF built into dist/ in ${Math.round(performance.now() - started)} ms`);
