import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  ListContextProvider,
  Notification,
  ResourceContextProvider,
  testDataProvider,
  useLocation,
  type ListControllerResult,
} from 'react-admin';
import { describe, expect, it, vi } from 'vitest';
import { renderInAdmin } from '../test/render.tsx';
import type { SavedView } from '../types.ts';
import { SavedViewsButton, viewSearch } from './SavedViews.tsx';

const refunded: SavedView = {
  id: 7,
  resource: 'payments',
  name: 'Refunded in USD',
  filter: { status: ['refunded'], currency: 'USD' },
  sort: { field: 'total', order: 'DESC' },
  created_at: '2026-12-01T09:00:00Z',
};

const Where = () => {
  const location = useLocation();
  return <output aria-label="location">{`${location.pathname}${location.search}`}</output>;
};

function renderViews(views: SavedView[], list: Partial<ListControllerResult> = {}) {
  const getList = vi.fn(async (_resource: string, _params: unknown) => ({ data: views, total: views.length }));
  const create = vi.fn(async (_resource: string, params: { data: Partial<SavedView> }) => ({
    data: { ...refunded, id: 8, ...params.data },
  }));
  const deleteOne = vi.fn(async (_resource: string, params: { id: number }) => ({
    data: views.find((v) => v.id === params.id),
  }));
  const dataProvider = testDataProvider({ getList, create, delete: deleteOne } as never);
  const context = {
    resource: 'payments',
    filterValues: { status: ['preauth'], payment_method_id: [], q: '' },
    sort: { field: 'created_at', order: 'ASC' },
    ...list,
  } as ListControllerResult;
  renderInAdmin(
    <ResourceContextProvider value={context.resource}>
      <ListContextProvider value={context}>
        <SavedViewsButton />
        <Where />
        <Notification />
      </ListContextProvider>
    </ResourceContextProvider>,
    { dataProvider },
  );
  return { getList, create, deleteOne };
}

describe('viewSearch', () => {
  it('writes a list’s filters (empty ones left out, each shown), sort and first page as react-admin reads them', () => {
    const search = new URLSearchParams(
      viewSearch({ status: ['refunded'], method: [], q: '' }, { field: 'total', order: 'DESC' }),
    );
    expect(JSON.parse(search.get('filter')!)).toEqual({ status: ['refunded'] });
    expect(JSON.parse(search.get('displayedFilters')!)).toEqual({ status: true });
    expect([search.get('sort'), search.get('order'), search.get('page')]).toEqual(['total', 'DESC', '1']);
  });
});

describe('the Views control', () => {
  it('lists the staff member’s views of this list and opens one by going to its URL', async () => {
    const { getList } = renderViews([refunded]);
    await userEvent.click(await screen.findByRole('button', { name: 'Views' }));
    const menu = await screen.findByRole('menu');
    await waitFor(() => expect(within(menu).getByText('Refunded in USD')).toBeTruthy());
    expect(getList.mock.calls[0]![1]).toMatchObject({ filter: { resource: 'payments' } });

    await userEvent.click(within(menu).getByText('Refunded in USD'));
    await waitFor(() => expect(screen.getByLabelText('location').textContent).toContain('/payments?'));
    const search = new URLSearchParams(screen.getByLabelText('location').textContent!.split('?')[1]);
    expect(JSON.parse(search.get('filter')!)).toEqual({ status: ['refunded'], currency: 'USD' });
    expect(search.get('sort')).toBe('total');
    expect(search.get('order')).toBe('DESC');
  });

  it('saves the current filters and sort under a name', async () => {
    const { create } = renderViews([]);
    await userEvent.click(await screen.findByRole('button', { name: 'Views' }));
    expect(await screen.findByText('No saved views of this list yet.')).toBeTruthy();
    await userEvent.click(screen.getByRole('menuitem', { name: 'Save current view…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Save this view' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save view' }));
    expect(within(dialog).getByText('Give it a name of 1 to 100 characters.')).toBeTruthy();
    expect(create).not.toHaveBeenCalled();

    await userEvent.type(within(dialog).getByRole('textbox', { name: /Name/ }), '  Waiting captures ');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save view' }));
    await waitFor(() => expect(create).toHaveBeenCalledTimes(1));
    expect(create.mock.calls[0]![0]).toBe('saved-views');
    expect(create.mock.calls[0]![1].data).toEqual({
      resource: 'payments',
      name: 'Waiting captures',
      filter: { status: ['preauth'] },
      sort: { field: 'created_at', order: 'ASC' },
    });
    expect(await screen.findByText('View "Waiting captures" saved.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('deletes a view without opening it', async () => {
    const { deleteOne } = renderViews([refunded]);
    await userEvent.click(await screen.findByRole('button', { name: 'Views' }));
    const before = screen.getByLabelText('location').textContent;
    await userEvent.click(await screen.findByRole('button', { name: 'Delete view Refunded in USD' }));
    await waitFor(() => expect(deleteOne).toHaveBeenCalledTimes(1));
    expect(deleteOne.mock.calls[0]![1]).toMatchObject({ id: 7 });
    expect(await screen.findByText('View "Refunded in USD" deleted.')).toBeTruthy();
    expect(screen.getByLabelText('location').textContent).toBe(before);
  });

  it('is not offered on a list whose views cannot be saved', async () => {
    renderViews([], { resource: 'products' });
    expect(screen.queryByRole('button', { name: 'Views' })).toBeNull();
  });
});
