import { type SavedView, savedViewBody } from '@paydesk/contract';
import type { SavedViewResource } from '@paydesk/domain';
import { Router } from 'express';
import { auditEventListSpec } from '../audit-events/audit-events.repository.ts';
import { staffOf } from '../auth/require-session.ts';
import type { Db } from '../db/database.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { SavedViewRow } from '../db/schema.ts';
import { fraudDecisionListSpec, fraudReviewListSpec } from '../fraud-reviews/fraud-reviews.repository.ts';
import { AppError, invalidArgument, notFound } from '../http/errors.ts';
import { contentRange, type ListSpec, parseListQuery } from '../http/list-query.ts';
import { parseId } from '../http/read-routes.ts';
import { parseInput } from '../http/validate.ts';
import { logEntryListSpec } from '../log-entries/log-entries.repository.ts';
import { orderListSpec } from '../orders/orders.repository.ts';
import { paymentListSpec } from '../payments/payments.repository.ts';
import { refundListSpec } from '../refunds/refunds.repository.ts';
import {
  countOwnSavedViews,
  deleteOwnSavedView,
  findOwnSavedView,
  insertSavedView,
  listOwnSavedViews,
  savedViewListSpec,
} from './saved-views.repository.ts';

/** Each list's own filters and sort fields: a view saves only what that list would accept. */
const LISTS: Record<SavedViewResource, ListSpec> = {
  payments: paymentListSpec,
  orders: orderListSpec,
  refunds: refundListSpec,
  'log-entries': logEntryListSpec,
  'fraud-reviews': fraudReviewListSpec,
  'fraud-decisions': fraudDecisionListSpec,
  'audit-events': auditEventListSpec,
};

/** The largest filter a view keeps, as compact JSON. */
export const MAX_FILTER_BYTES = 4096;
/** Views one staff member may keep per list. */
export const MAX_VIEWS_PER_LIST = 50;

export function savedViewToWire(view: SavedViewRow): SavedView {
  return {
    id: view.id,
    resource: view.resource as SavedViewResource,
    name: view.name,
    filter: view.filter as Record<string, unknown>,
    sort: view.sort_field && view.sort_order ? { field: view.sort_field, order: view.sort_order } : null,
    created_at: view.created_at.toISOString(),
  };
}

/**
 * A staff member's own saved views of a list (`GET /?filter={"resource":"payments"}`, `POST /`, `DELETE /:id`).
 * Another's views are never shown, and deleting one is a 404 as for a view that does not exist.
 */
export function savedViewsRouter(db: Db): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const me = staffOf(req).user.id;
    const query = parseListQuery(savedViewListSpec, req.query as Record<string, unknown>, { staffUserId: me });
    const page = await listOwnSavedViews(db, me, query);
    res.set('Content-Range', contentRange(savedViewListSpec.resource, query, page.rows.length, page.total));
    res.json(page.rows.map(savedViewToWire));
  });

  router.get('/:id', async (req, res) => {
    const view = await findOwnSavedView(db, staffOf(req).user.id, parseId(req.params.id));
    if (!view) throw notFound('saved view');
    res.json(savedViewToWire(view));
  });

  router.post('/', async (req, res) => {
    const me = staffOf(req).user.id;
    const { resource, name, filter, sort } = parseInput(savedViewBody, req.body);
    if (Buffer.byteLength(JSON.stringify(filter)) > MAX_FILTER_BYTES) {
      throw invalidArgument({ filter: `Must be at most ${MAX_FILTER_BYTES} bytes as JSON.` });
    }
    // The list's own check of its parameters: an unknown filter key, a value it refuses or a sort it lacks is a 400.
    parseListQuery(
      LISTS[resource],
      { filter: JSON.stringify(filter), ...(sort ? { sort: JSON.stringify([sort.field, sort.order]) } : {}) },
      { staffUserId: me },
    );
    if ((await countOwnSavedViews(db, me, resource)) >= MAX_VIEWS_PER_LIST) {
      throw new AppError('InvalidState', `You keep ${MAX_VIEWS_PER_LIST} views of this list: delete one first.`);
    }
    try {
      const view = await insertSavedView(db, {
        staff_user_id: me,
        resource,
        name,
        filter,
        sort_field: sort?.field ?? null,
        sort_order: sort?.order ?? null,
      });
      res.status(201).json(savedViewToWire(view));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('Conflict', { name: 'You already have a view of this name on this list.' });
      }
      throw error;
    }
  });

  router.delete('/:id', async (req, res) => {
    const view = await deleteOwnSavedView(db, staffOf(req).user.id, parseId(req.params.id));
    if (!view) throw notFound('saved view');
    res.json(savedViewToWire(view));
  });
  return router;
}
