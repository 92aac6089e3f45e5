import type { Router } from 'express';
import type { Db } from '../db/database.ts';
import type { Page } from '../db/paginate.ts';
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
}

/** `GET /` (ra-data-simple-rest list with Content-Range) and `GET /:id` for one resource. */
export function addReadRoutes<Row>(router: Router, db: Db, resource: ReadableResource<Row>): void {
  router.get('/', async (req, res) => {
    const query = parseListQuery(resource.spec, req.query as Record<string, unknown>, {
      staffUserId: req.staff?.user.id,
    });
    const page = await resource.list(db, query);
    res.set('Content-Range', contentRange(resource.spec.resource, query, page.rows.length, page.total));
    res.json(page.rows.map((row) => resource.toWire(row)));
  });

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
