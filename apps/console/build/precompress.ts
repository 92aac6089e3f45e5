import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text files worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/;
/** Below this a compressed copy saves less than its headers cost. */
const MIN_BYTES = 1024;

/**
 * Writes file.br (brotli, quality 11) and file.gz (gzip, level 9) beside every text file of the build, once,
 * at build time: the BFF sends them as they are (Content-Encoding) instead of compressing each response.
 * A copy no smaller than its file is not written.
 */
export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'paydesk-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async writeBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((name) => COMPRESSIBLE.test(name));
      let raw = 0;
      let brotliBytes = 0;
      await Promise.all(
        files.map(async (name) => {
          const file = path.join(outDir, name);
          const content = await readFile(file);
          raw += content.length;
          if (content.length < MIN_BYTES) {
            brotliBytes += content.length;
            return;
          }
          const [br, gz] = await Promise.all([
            brotli(content, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
                [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
                [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              },
            }),
            gzipAsync(content, { level: 9 }),
          ]);
          brotliBytes += Math.min(br.length, content.length);
          if (br.length < content.length) await writeFile(`${file}.br`, br);
          if (gz.length < content.length) await writeFile(`${file}.gz`, gz);
        }),
      );
      const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
      console.log(
        `console built into ${path.relative(process.cwd(), outDir) || '.'}: ${files.length} files, ${kb(raw)}, ${kb(brotliBytes)} as brotli`,
      );
    },
  };
}
