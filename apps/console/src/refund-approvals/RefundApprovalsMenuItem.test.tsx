import MenuList from '@mui/material/MenuList';
import type { StaffRole } from '@paydesk/domain';
import { screen, waitFor, within } from '@testing-library/react';
import { ResourceDefinitionContextProvider } from 'react-admin';
import { describe, expect, it, vi } from 'vitest';
import { dataProvider } from '../dataProvider.ts';
import { authAs, jsonResponse, renderInAdmin } from '../test/render.tsx';
import { RefundApprovalsMenuItem } from './RefundApprovalsMenuItem.tsx';

function stubApprovals(total: number) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const url = decodeURIComponent(String(input));
    if (url.startsWith('/api/refund-approvals?'))
      return jsonResponse([], { headers: { 'Content-Range': `refund-approvals 0-0/${total}` } });
    throw new Error(`unexpected ${url}`);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function renderItem(role: StaffRole) {
  return renderInAdmin(
    <ResourceDefinitionContextProvider
      definitions={{ 'refund-approvals': { name: 'refund-approvals', hasList: true } }}
    >
      <MenuList>
        <RefundApprovalsMenuItem />
      </MenuList>
    </ResourceDefinitionContextProvider>,
    { dataProvider, authProvider: authAs(role) },
  );
}

describe('the approvals inbox in the menu', () => {
  it('shows an approver how many refunds wait for their decision', async () => {
    const fetchMock = stubApprovals(3);
    renderItem('finance');
    const item = await screen.findByRole('menuitem', { name: /Approvals/ });
    await waitFor(() => expect(within(item).getByText('3')).toBeTruthy());
    const url = decodeURIComponent(String(fetchMock.mock.calls[0]![0]));
    expect(JSON.parse(new URL(url, 'http://x').searchParams.get('filter')!)).toEqual({ decidable_by: 'me' });
    expect(item.getAttribute('href')).toBe('#/refund-approvals');
  });

  it('hides the count at zero', async () => {
    const fetchMock = stubApprovals(0);
    renderItem('admin');
    await screen.findByRole('menuitem', { name: /Approvals/ });
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    const badge = screen.getByTestId('refund-approvals-badge').querySelector('.MuiBadge-badge');
    await waitFor(() => expect(badge?.classList.contains('MuiBadge-invisible')).toBe(true));
  });

  it('shows no count, and asks nothing, to those who may not decide', async () => {
    const fetchMock = stubApprovals(3);
    renderItem('operator');
    await screen.findByRole('menuitem', { name: /Approvals/ });
    expect(screen.queryByTestId('refund-approvals-badge')).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
