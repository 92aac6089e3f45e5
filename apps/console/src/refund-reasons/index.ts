import LabelIcon from '@mui/icons-material/Label';
import { lazy } from 'react';
import type { RefundReason } from '../types.ts';

export default {
  list: lazy(() => import('./RefundReasonList.tsx')),
  edit: lazy(() => import('./RefundReasonEdit.tsx')),
  create: lazy(() => import('./RefundReasonCreate.tsx')),
  icon: LabelIcon,
  recordRepresentation: (record: RefundReason) => record.name,
};
