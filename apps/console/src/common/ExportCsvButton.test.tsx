import { screen, waitFor } from '@testing-library/react';
import { ListBase, ResourceContextProvider, testDataProvider } from 'react-admin';
import { describe, expect, it } from 'vitest';
import { dataProvider } from '../dataProvider.ts';
import { PaymentList } from '../payments/PaymentList.tsx';
import { listResponse, renderInAdmin, stubFetch } from '../test/render.tsx';
import { ExportCsvButton, exportCsvUrl } from './ExportCsvButton.tsx';

const withRows = (total: number) =>
  testDataProvider({
    getList: async () => ({ data: Array.from({ length: total }, (_, i) => ({ id: i + 1 })), total }) as never,
  });

describe('ExportCsvButton', () => {
  it('links to the export with the list’s current filters and sort', async () => {
    renderInAdmin(
      <ListBase
        resource="refunds"
        filterDefaultValues={{ status: ['succeeded'], created_at_gte: '2026-11-01', payment_id: '' }}
        sort={{ field: 'amount', order: 'ASC' }}
      >
        <ExportCsvButton />
      </ListBase>,
      { dataProvider: withRows(3) },
    );
    const link = await screen.findByRole('link', { name: 'Export CSV' });
    await waitFor(() => expect(link.getAttribute('aria-disabled')).toBeNull());
    const url = new URL(link.getAttribute('href')!, 'http://console.test');
    expect(url.pathname).toBe('/api/refunds/export.csv');
    // The empty filter is dropped, as the list's own request drops it.
    expect(JSON.parse(url.searchParams.get('filter')!)).toEqual({
      status: ['succeeded'],
      created_at_gte: '2026-11-01',
    });
    expect(JSON.parse(url.searchParams.get('sort')!)).toEqual(['amount', 'ASC']);
    expect(link.hasAttribute('download')).toBe(true);
  });

  it('is disabled when nothing matches', async () => {
    renderInAdmin(
      <ListBase resource="orders">
        <ExportCsvButton />
      </ListBase>,
      { dataProvider: withRows(0) },
    );
    const link = await screen.findByRole('link', { name: 'Export CSV' });
    await waitFor(() => expect(link.getAttribute('aria-disabled')).toBe('true'));
  });

  it('is on the payments list, in its default sort', async () => {
    stubFetch((url) =>
      url.startsWith('/api/payments?') ? listResponse('payments', [{ id: 1, identifier: 'ABCD2345' }]) : undefined,
    );
    renderInAdmin(
      <ResourceContextProvider value="payments">
        <PaymentList />
      </ResourceContextProvider>,
      { dataProvider },
    );
    const link = await screen.findByRole('link', { name: 'Export CSV' });
    expect(decodeURIComponent(link.getAttribute('href')!)).toBe('/api/payments/export.csv?sort=["created_at","DESC"]');
  });

  it('builds the URL without parameters it does not need', () => {
    expect(exportCsvUrl('log-entries', {})).toBe('/api/log-entries/export.csv');
  });
});
