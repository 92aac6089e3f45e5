import { stringify } from 'csv-stringify';
import { Router } from 'express';
import { authorize } from '../auth/authorize.ts';
import { AppError } from '../http/errors.ts';
import { idempotent } from '../http/idempotency.ts';
import { contentRange, parseListQuery } from '../http/list-query.ts';
import { parseId } from '../http/read-routes.ts';
import { commandContext } from '../http/request-context.ts';
import type { CommandDeps } from '../payments/payment-commands.ts';
import {
  captureRunItemListSpec,
  captureRunItemsAfter,
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
import { captureRunItemToWire, captureRunToWire, CSV_COLUMNS } from './capture-run.wire.ts';

/** How many items the CSV reads at a time: memory stays flat however large the run. */
const CSV_CHUNK = 2000;

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
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="capture-run-${run.id}.csv"`);
    const csv = stringify({ header: true, columns: [...CSV_COLUMNS] });
    csv.pipe(res);
    let after = 0;
    for (;;) {
      const rows = await captureRunItemsAfter(db, run.id, after, CSV_CHUNK);
      for (const row of rows) {
        const wire = captureRunItemToWire(row);
        const line = {
          ...wire,
          started_at: wire.started_at?.toISOString() ?? '',
          finished_at: wire.finished_at?.toISOString() ?? '',
        };
        if (!csv.write(line)) await new Promise((resolve) => csv.once('drain', resolve));
      }
      if (rows.length < CSV_CHUNK) break;
      after = rows[rows.length - 1]!.id;
    }
    csv.end();
    await new Promise((resolve) => res.once('finish', resolve));
  });

  router.post('/:id/cancel', authorize(db, 'capture-runs', 'cancel'), idempotent(db), async (req, res) => {
    const id = parseRunId(req.params.id);
    res.json(await runToWire(db, await cancelRun(db, commandContext(req), id)));
  });

  router.post('/:id/retry', authorize(db, 'capture-runs', 'create'), idempotent(db), async (req, res) => {
    const id = parseRunId(req.params.id);
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
