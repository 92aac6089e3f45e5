import type { Request, Router } from 'express';
import type { Db } from '../db/database.ts';
import type { Page } from '../db/paginate.ts';
import { type CsvColumns, exportChunkSize, sendCsv } from './csv-export.ts';
import { notFound } from './errors.ts';
import { contentRange, parseListQuery, type ListQuery, type ListSpec } from './list-query.ts';
import { idParam, parseInput } from './validate.ts';

export interface ReadableResource<Row> {
  spec: ListSpec;
  /** Singular noun for "No such payment." */
  noun: string;
  list(db: Db, query: ListQuery): Promise<Page<Row>>;
  find(db: Db, id: number): Promise<Row | undefined>;
  toWire(row: Row): unknown;
  /** `GET /export.csv`: these columns of the wire form, for every row the list's filter matches, in its sort. */
  csv?: {
    columns: CsvColumns;
    /** The matching rows in chunks of `chunkSize` (db/paginate.ts readInChunks over the list's own select). */
    read(db: Db, query: ListQuery, chunkSize: number): AsyncIterable<Row[]>;
  };
}

/**
 * `GET /` (ra-data-simple-rest list with Content-Range), `GET /export.csv` when the resource has columns for
 * it, and `GET /:id` for one resource.
 */
export function addReadRoutes<Row>(router: Router, db: Db, resource: ReadableResource<Row>): void {
  const listQuery = (req: Request) =>
    parseListQuery(resource.spec, req.query as Record<string, unknown>, { staffUserId: req.staff?.user.id });

  router.get('/', async (req, res) => {
    const query = listQuery(req);
    const page = await resource.list(db, query);
    res.set('Content-Range', contentRange(resource.spec.resource, query, page.rows.length, page.total));
    res.json(page.rows.map((row) => resource.toWire(row)));
  });

  const { csv } = resource;
  if (csv) {
    router.get('/export.csv', async (req, res) => {
      const query = listQuery(req);
      await sendCsv(req, res, db, {
        resource: resource.spec.resource,
        columns: csv.columns,
        chunks: csv.read(db, query, exportChunkSize(req)),
        toWire: resource.toWire,
      });
    });
  }

  router.get('/:id', async (req, res) => {
    const row = await findOr404(db, resource, req.params.id);
    res.json(resource.toWire(row));
  });
}

export async function findOr404<Row>(
  db: Db,
  resource: Pick<ReadableResource<Row>, 'find' | 'noun'>,
  rawId: unknown,
): Promise<Row> {
  const id = idParam.safeParse(rawId);
  const row = id.success ? await resource.find(db, id.data) : undefined;
  if (!row) throw notFound(resource.noun);
  return row;
}

export function parseId(rawId: unknown): number {
  return parseInput(idParam, rawId);
}
