import { readFile } from 'node:fs/promises';

/**
 * The migrated PGlite template's files (global-setup.ts), read once per worker rather than once per test file:
 * a worker's files share its process (`isolate: false`), and each opens its own database from them.
 */
let template: { path: string; files: Promise<Blob> } | undefined;

export function pgliteTemplateFiles(path: string): Promise<Blob> {
  if (template?.path !== path) template = { path, files: readFile(path).then((bytes) => new Blob([bytes])) };
  return template.files;
}
