import { openApiDocument } from '@paydesk/contract';
import { Router } from 'express';
import { renderApiDocs } from './api-docs-page.ts';

/** The intake API's version: its paths say `v1`; this moves with changes that keep them compatible. */
export const API_VERSION = '1.0.0';

/**
 * The intake API's contract, public like any integrator's documentation: `GET /api/openapi.json` (OpenAPI 3.1,
 * generated from the zod schemas the BFF validates with, packages/contract) and `GET /api/docs`, the same
 * document as a page for people.
 */
export function openApiRouter(version: string): Router {
  const document = openApiDocument(undefined, version);
  const page = renderApiDocs(document);
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(page);
  });
  return router;
}
