import MenuList from '@mui/material/MenuList';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { dataProvider } from '../dataProvider.ts';
import { jsonResponse, renderInAdmin } from '../test/render.tsx';
import type { NeedsAttentionCounts } from '../types.ts';
import { NeedsAttentionMenuItem } from './NeedsAttentionMenuItem.tsx';
import { NeedsAttentionPage } from './NeedsAttentionPage.tsx';

function stubCounts(counts: NeedsAttentionCounts) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    if (String(input) === '/api/needs-attention') return jsonResponse(counts);
    throw new Error(`unexpected ${String(input)}`);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const hrefOf = (name: string) => {
  const card = screen.getByRole('region', { name });
  // react-admin routes in the URL's hash.
  return within(card).getByRole('link').getAttribute('href')?.replace(/^#/, '') ?? null;
};

describe('needs attention', () => {
  it('shows the seven counts, each linking to the list it counts', async () => {
    stubCounts({
      payments_in_error: 3,
      stuck_in_flight: 1,
      pending_refunds: 0,
      pending_approvals: 2,
      failing_callbacks: 2,
      unapplied_answers: 1,
      open_disputes: 2,
    });
    renderInAdmin(<NeedsAttentionPage />, { dataProvider });
    await waitFor(() => expect(screen.getByTestId('count-payments_in_error').textContent).toBe('3'));
    expect(screen.getByTestId('count-stuck_in_flight').textContent).toBe('1');
    expect(screen.getByTestId('count-pending_refunds').textContent).toBe('0');
    expect(screen.getByTestId('count-pending_approvals').textContent).toBe('2');
    expect(screen.getByTestId('count-failing_callbacks').textContent).toBe('2');
    expect(screen.getByTestId('count-unapplied_answers').textContent).toBe('1');
    expect(screen.getByTestId('count-open_disputes').textContent).toBe('2');
    expect(screen.getByText('11 items need attention.')).toBeTruthy();
    expect(screen.getByText('No refund is pending.')).toBeTruthy();

    const filterOf = (href: string | null) => JSON.parse(new URL(href!, 'http://x').searchParams.get('filter')!);
    expect(hrefOf('Payments in error')).toMatch(/^\/payments\?/);
    expect(filterOf(hrefOf('Payments in error'))).toEqual({ attention: 'error' });
    expect(filterOf(hrefOf('Stuck in flight'))).toEqual({ attention: 'stuck' });
    expect(hrefOf('Pending refunds')).toMatch(/^\/refunds\?/);
    expect(filterOf(hrefOf('Pending refunds'))).toEqual({ status: ['pending'] });
    expect(hrefOf('Refunds waiting for approval')).toMatch(/^\/refund-approvals\?/);
    expect(filterOf(hrefOf('Refunds waiting for approval'))).toEqual({ status: 'pending' });
    expect(hrefOf('Failing callbacks')).toMatch(/^\/callback-deliveries\?/);
    expect(filterOf(hrefOf('Failing callbacks'))).toEqual({ failing: 'true' });
    expect(hrefOf('Late gateway answers')).toMatch(/^\/log-entries\?/);
    expect(filterOf(hrefOf('Late gateway answers'))).toEqual({ unapplied: 'true' });
    expect(filterOf(hrefOf('Open disputes'))).toEqual({ attention: 'disputed' });
  });

  it('puts the total on the menu item, and no badge when nothing waits', async () => {
    stubCounts({
      payments_in_error: 3,
      stuck_in_flight: 1,
      pending_refunds: 4,
      pending_approvals: 0,
      failing_callbacks: 2,
      unapplied_answers: 0,
      open_disputes: 0,
    });
    const { unmount } = renderInAdmin(
      <MenuList>
        <NeedsAttentionMenuItem />
      </MenuList>,
      { dataProvider },
    );
    const item = await screen.findByRole('menuitem', { name: /Needs attention/ });
    await waitFor(() => expect(within(item).getByText('10')).toBeTruthy());
    unmount();

    const fetchMock = stubCounts({
      payments_in_error: 0,
      stuck_in_flight: 0,
      pending_refunds: 0,
      pending_approvals: 0,
      failing_callbacks: 0,
      unapplied_answers: 0,
      open_disputes: 0,
    });
    renderInAdmin(
      <MenuList>
        <NeedsAttentionMenuItem />
      </MenuList>,
      { dataProvider },
    );
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    const badge = screen.getByTestId('needs-attention-badge').querySelector('.MuiBadge-badge');
    await waitFor(() => expect(badge?.classList.contains('MuiBadge-invisible')).toBe(true));
  });
});
