import path from 'node:path';
import { Router, type RequestHandler } from 'express';
import expressStaticGzip from 'express-static-gzip';
import { AppError } from './errors.ts';

/** Vite names every file under assets/ by a hash of its content: a new build never reuses a name. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current build's files, so the browser asks again each time (an ETag makes that cheap). */
export const REVALIDATE = 'no-cache';

/**
 * The built console: each file sent as its precompressed copy (file.br, else file.gz, written at build time by
 * apps/console/build/precompress.ts) when the browser accepts that encoding, with `Content-Encoding` and
 * `Vary: Accept-Encoding`; hashed assets cached for a year, the page revalidated every time. Any other GET
 * without a file extension is a client-side route and gets the page; a missing file is a 404 (NotFound), never
 * the page.
 */
export function consoleFiles(consoleDir: string): Router {
  const files: RequestHandler = expressStaticGzip(consoleDir, {
    enableBrotli: true,
    orderPreference: ['br', 'gzip'],
    index: false,
    serveStatic: {
      index: false,
      cacheControl: false,
      setHeaders(res, file) {
        const relative = path.relative(consoleDir, file).split(path.sep).join('/');
        res.setHeader('Cache-Control', relative.startsWith('assets/') ? IMMUTABLE : REVALIDATE);
      },
    },
  });
  const router = Router();
  router.use(files);
  router.get('/{*path}', (req, res, next) => {
    if (path.extname(req.path) !== '') return next(new AppError('NotFound', 'No such file.'));
    req.url = '/index.html';
    files(req, res, next);
  });
  return router;
}
