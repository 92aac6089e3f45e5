import ApprovalIcon from '@mui/icons-material/Approval';
import Badge from '@mui/material/Badge';
import { useQuery } from '@tanstack/react-query';
import { Menu, useCanAccess, useDataProvider } from 'react-admin';
import { NEEDS_ATTENTION_REFRESH_MS } from '../needs-attention/useNeedsAttention.ts';

/** What the signed-in approver may decide: waiting, asked for by someone else (the BFF's `decidable_by` filter). */
export const DECIDABLE_FILTER = { decidable_by: 'me' } as const;

/**
 * How many refunds wait for this staff member's decision, refreshed as often as the Needs attention count.
 * The key starts with the resource, so a decision (which refreshes `refund-approvals`) updates it at once.
 */
export function useDecidableApprovals(enabled: boolean) {
  const dataProvider = useDataProvider();
  return useQuery({
    queryKey: ['refund-approvals', 'decidable-count'],
    queryFn: async () =>
      (
        await dataProvider.getList('refund-approvals', {
          filter: DECIDABLE_FILTER,
          pagination: { page: 1, perPage: 1 },
          sort: { field: 'created_at', order: 'ASC' },
        })
      ).total ?? 0,
    refetchInterval: NEEDS_ATTENTION_REFRESH_MS,
    enabled,
  });
}

/**
 * The approvals inbox in the menu (react-admin's item for the resource). For those who may decide approvals
 * its icon carries how many wait for them (hidden at 0); everyone else sees the plain item.
 */
export const RefundApprovalsMenuItem = () => {
  const { canAccess = false } = useCanAccess({ resource: 'refund-approvals', action: 'approve' });
  const { data } = useDecidableApprovals(canAccess);
  if (!canAccess) return <Menu.ResourceItem name="refund-approvals" />;
  return (
    <Menu.ResourceItem
      name="refund-approvals"
      leftIcon={
        <Badge badgeContent={data ?? 0} color="error" max={99} data-testid="refund-approvals-badge">
          <ApprovalIcon />
        </Badge>
      }
    />
  );
};
