import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { StaffRole } from '@paydesk/domain';
import { Notification, ResourceContextProvider, testDataProvider } from 'react-admin';
import { describe, expect, it, vi } from 'vitest';
import { authAs, renderInAdmin } from '../test/render.tsx';
import type { RefundApproval } from '../types.ts';
import { RefundApprovalList } from './RefundApprovalList.tsx';

const waiting: RefundApproval = {
  id: 11,
  payment_id: 5,
  payment_identifier: 'PAY-5',
  amount: '1200.00',
  currency: 'USD',
  reason_id: 1,
  reason_name: 'Damaged goods',
  note: 'Box crushed',
  status: 'pending',
  requested_by: 2,
  requested_by_name: 'Fiona Finance',
  decided_by: null,
  decided_by_name: null,
  decision_note: null,
  decided_at: null,
  refund_id: null,
  created_at: '2026-12-02T09:00:00Z',
};

function renderInbox(role: StaffRole, staffId: number) {
  let decided = false;
  // Once decided, the refund no longer waits: the inbox's refetch leaves it out.
  const getList = vi.fn(async (_resource: string, _params: unknown) =>
    decided ? { data: [], total: 0 } : { data: [waiting], total: 1 },
  );
  const decideRefundApproval = vi.fn(async () => {
    decided = true;
    return { ...waiting, status: 'approved' };
  });
  const dataProvider = testDataProvider({
    getList,
    getMany: async () => ({ data: [{ id: 5, identifier: 'PAY-5' }] }),
    decideRefundApproval,
  } as never);
  renderInAdmin(
    <ResourceContextProvider value="refund-approvals">
      <RefundApprovalList />
      <Notification />
    </ResourceContextProvider>,
    { dataProvider, authProvider: authAs(role, staffId) },
  );
  return { getList, decideRefundApproval };
}

describe('approvals inbox', () => {
  it('lists the waiting refunds and lets a second person approve one, after confirming, with a note', async () => {
    const { getList, decideRefundApproval } = renderInbox('finance', 3);
    expect(await screen.findByText('Fiona Finance', {}, { timeout: 10_000 })).toBeTruthy();
    expect(getList.mock.calls[0]![1]).toMatchObject({ filter: { status: 'pending' } });
    await userEvent.click(await screen.findByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/Fiona Finance asked for it \(Damaged goods\)/)).toBeTruthy();
    expect(decideRefundApproval).not.toHaveBeenCalled();
    await userEvent.type(within(dialog).getByLabelText('Note (optional)'), 'Checked the photos');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Refund $1,200.00' }));
    await waitFor(() =>
      expect(decideRefundApproval).toHaveBeenCalledWith(
        11,
        'approve',
        { note: 'Checked the photos' },
        expect.any(String),
      ),
    );
    // The row leaves the inbox with its dialog, and the decision is still confirmed.
    expect(await screen.findByText('Refund of $1,200.00 approved')).toBeTruthy();
    expect(screen.queryByText('Fiona Finance')).toBeNull();
  });

  it('offers no decision to the person who asked, nor to roles that may not decide', async () => {
    renderInbox('finance', 2);
    expect(await screen.findByText('Fiona Finance', {}, { timeout: 10_000 })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('offers no decision to an operator', async () => {
    renderInbox('operator', 9);
    expect(await screen.findByText('Fiona Finance', {}, { timeout: 10_000 })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Reject' })).toBeNull();
  });
});
