import HistoryIcon from '@mui/icons-material/History';
import { lazy } from 'react';
import type { AuditEvent } from '../types.ts';

export default {
  list: lazy(() => import('./AuditEventList.tsx')),
  icon: HistoryIcon,
  recordRepresentation: (record: AuditEvent) => `${record.action} ${record.record_id ?? ''}`.trim(),
};
