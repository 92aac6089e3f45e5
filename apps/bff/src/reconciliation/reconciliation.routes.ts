import { Router } from 'express';
import type { Db } from '../db/database.ts';
import { attentionCounts } from './reconciliation.repository.ts';

/** `GET /api/needs-attention`: payments in error or stuck in flight, pending refunds, failing callbacks. */
export function needsAttentionRouter(db: Db): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json(await attentionCounts(db));
  });
  return router;
}
