import ApprovalIcon from '@mui/icons-material/Approval';
import { lazy } from 'react';
import type { RefundApproval } from '../types.ts';

export default {
  list: lazy(() => import('./RefundApprovalList.tsx')),
  icon: ApprovalIcon,
  recordRepresentation: (record: RefundApproval) => `#${record.id}`,
};
