import { SAVED_VIEW_RESOURCES, type SavedViewResource } from '@paydesk/domain';
import type { Db } from '../db/database.ts';
import { paginate, type Page } from '../db/paginate.ts';
import type { SavedViewRow } from '../db/schema.ts';
import type { ListQuery, ListSpec } from '../http/list-query.ts';

export const savedViewListSpec: ListSpec = {
  resource: 'saved-views',
  sortable: { id: 'id', name: 'name', created_at: 'created_at' },
  defaultSort: ['name', 'ASC'],
  filters: {
    resource: { type: 'text', column: 'resource', values: SAVED_VIEW_RESOURCES },
  },
  tieBreaker: 'id',
};

export interface NewSavedView {
  staff_user_id: number;
  resource: SavedViewResource;
  name: string;
  filter: Record<string, unknown>;
  sort_field: string | null;
  sort_order: 'ASC' | 'DESC' | null;
}

/** Only the staff member's own views: another's are not there for them. */
export function listOwnSavedViews(db: Db, staffUserId: number, query: ListQuery): Promise<Page<SavedViewRow>> {
  return paginate(db, db.selectFrom('saved_views').selectAll().where('staff_user_id', '=', staffUserId), query, 'id');
}

export function findOwnSavedView(db: Db, staffUserId: number, id: number): Promise<SavedViewRow | undefined> {
  return db
    .selectFrom('saved_views')
    .selectAll()
    .where('id', '=', id)
    .where('staff_user_id', '=', staffUserId)
    .executeTakeFirst();
}

export function insertSavedView(db: Db, view: NewSavedView): Promise<SavedViewRow> {
  return db
    .insertInto('saved_views')
    .values({ ...view, filter: JSON.stringify(view.filter) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function deleteOwnSavedView(db: Db, staffUserId: number, id: number): Promise<SavedViewRow | undefined> {
  return db
    .deleteFrom('saved_views')
    .where('id', '=', id)
    .where('staff_user_id', '=', staffUserId)
    .returningAll()
    .executeTakeFirst();
}

export async function countOwnSavedViews(db: Db, staffUserId: number, resource: string): Promise<number> {
  const row = await db
    .selectFrom('saved_views')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('staff_user_id', '=', staffUserId)
    .where('resource', '=', resource)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
