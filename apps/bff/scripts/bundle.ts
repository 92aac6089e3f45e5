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
export const BFF_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles `entryPoints` (output name → source) into `outdir` (relative to the BFF's folder), as `pnpm build` does. */
export async function bundleBff(
  entryPoints: Record<string, string> = { server: 'src/server.ts', cli: 'src/cli.ts' },
  outdir = 'dist',
): Promise<void> {
  const manifest = JSON.parse(readFileSync(path.join(BFF_ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const external = Object.keys(manifest.dependencies).filter((name) => !name.startsWith('@paydesk/'));
  await build({
    absWorkingDir: BFF_ROOT,
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    sourcemap: true,
    external: [...external, 'pg-native'],
    logLevel: 'warning',
  });
}
