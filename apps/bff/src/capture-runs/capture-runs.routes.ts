import { emptyBody } from '@paydesk/contract';
import { Router } from 'express';
import { authorize } from '../auth/authorize.ts';
import { exportChunkSize, sendCsv } from '../http/csv-export.ts';
import { AppError } from '../http/errors.ts';
import { idempotent } from '../http/idempotency.ts';
import { contentRange, parseListQuery } from '../http/list-query.ts';
import { parseId } from '../http/read-routes.ts';
import { commandContext } from '../http/request-context.ts';
import { parseInput } from '../http/validate.ts';
import type { CommandDeps } from '../payments/payment-commands.ts';
import {
  captureRunItemListSpec,
  captureRunItemsInChunks,
  captureRunListSpec,
  countItems,
  findCaptureRun,
  listCaptureRunItems,
  listCaptureRuns,
} from './capture-runs.repository.ts';
import {
  cancelRun,
  createCaptureRun,
  parseSelection,
  previewCaptureRun,
  retryFailed,
  runToWire,
} from './capture-runs.ts';
import { CAPTURE_RUN_ITEM_CSV_COLUMNS, captureRunItemToWire, captureRunToWire } from './capture-run.wire.ts';

export function captureRunsRouter(deps: CommandDeps): Router {
  const { db } = deps;
  const router = Router();

  const runOr404 = async (rawId: unknown) => {
    const run = await findCaptureRun(db, parseRunId(rawId));
    if (!run) throw new AppError('NotFound', 'No such capture run.');
    return run;
  };

  router.get('/', async (req, res) => {
    const query = parseListQuery(captureRunListSpec, req.query as Record<string, unknown>);
    const page = await listCaptureRuns(db, query);
    const counts = await countItems(
      db,
      page.rows.filter((run) => run.finished_at === null).map((run) => run.id),
    );
    res.set('Content-Range', contentRange(captureRunListSpec.resource, query, page.rows.length, page.total));
    res.json(page.rows.map((run) => captureRunToWire(run, counts.get(run.id))));
  });

  router.post('/', idempotent(db), async (req, res) => {
    const run = await createCaptureRun(db, commandContext(req), parseSelection(req.body));
    res.status(202).json(await runToWire(db, run));
  });

  router.post('/preview', authorize(db, 'capture-runs', 'preview'), async (req, res) => {
    res.json(await previewCaptureRun(db, req.body));
  });

  router.get('/:id', async (req, res) => {
    res.json(await runToWire(db, await runOr404(req.params.id)));
  });

  router.get('/:id/items', async (req, res) => {
    const run = await runOr404(req.params.id);
    const query = parseListQuery(captureRunItemListSpec, req.query as Record<string, unknown>);
    const page = await listCaptureRunItems(db, run.id, query);
    res.set('Content-Range', contentRange(captureRunItemListSpec.resource, query, page.rows.length, page.total));
    res.json(page.rows.map(captureRunItemToWire));
  });

  router.get('/:id/items.csv', async (req, res) => {
    const run = await runOr404(req.params.id);
    const query = parseListQuery(captureRunItemListSpec, req.query as Record<string, unknown>);
    await sendCsv(req, res, db, {
      resource: captureRunItemListSpec.resource,
      columns: CAPTURE_RUN_ITEM_CSV_COLUMNS,
      chunks: captureRunItemsInChunks(db, run.id, query, exportChunkSize(req)),
      toWire: captureRunItemToWire,
      filename: `capture-run-${run.id}.csv`,
    });
  });

  router.post('/:id/cancel', authorize(db, 'capture-runs', 'cancel'), idempotent(db), async (req, res) => {
    const id = parseRunId(req.params.id);
    parseInput(emptyBody, req.body ?? {});
    res.json(await runToWire(db, await cancelRun(db, commandContext(req), id)));
  });

  router.post('/:id/retry', authorize(db, 'capture-runs', 'create'), idempotent(db), async (req, res) => {
    const id = parseRunId(req.params.id);
    parseInput(emptyBody, req.body ?? {});
    res.status(202).json(await runToWire(db, await retryFailed(db, commandContext(req), id)));
  });

  return router;
}

function parseRunId(rawId: unknown): number {
  try {
    return parseId(rawId);
  } catch {
    throw new AppError('NotFound', 'No such capture run.');
  }
}
