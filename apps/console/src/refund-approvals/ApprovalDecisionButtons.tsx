import Stack from '@mui/material/Stack';
import { useState } from 'react';
import { Button, useCanAccess, useGetIdentity, useRecordContext } from 'react-admin';
import type { RefundApproval } from '../types.ts';
import { type ApprovalDecision, ApprovalDecisionDialog } from './ApprovalDecisionDialog.tsx';

/** Approve or reject a pending refund: for finance and admins, never the person who asked for it. */
export const ApprovalDecisionButtons = () => {
  const approval = useRecordContext<RefundApproval>();
  const { identity } = useGetIdentity();
  const { canAccess } = useCanAccess({ resource: 'refund-approvals', action: 'approve' });
  const [decision, setDecision] = useState<ApprovalDecision | null>(null);
  if (approval?.status !== 'pending' || !canAccess) return null;
  if (identity !== undefined && String(identity.id) === String(approval.requested_by)) return null;
  return (
    <Stack direction="row" spacing={1} onClick={(event) => event.stopPropagation()}>
      <Button label="paydesk.refund_approvals.approve.button" onClick={() => setDecision('approve')} />
      <Button label="paydesk.refund_approvals.reject.button" color="error" onClick={() => setDecision('reject')} />
      {decision ? (
        <ApprovalDecisionDialog approval={approval} decision={decision} onClose={() => setDecision(null)} />
      ) : null}
    </Stack>
  );
};
