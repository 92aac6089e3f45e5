import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import { lazy } from 'react';
import type { LogEntry } from '../types.ts';

/** Gateway log entries: read-only. */
export default {
  list: lazy(() => import('./LogEntryList.tsx')),
  show: lazy(() => import('./LogEntryShow.tsx')),
  icon: ReceiptLongIcon,
  recordRepresentation: (record: LogEntry) => `#${record.id}`,
};
