import PlaylistAddCheckIcon from '@mui/icons-material/PlaylistAddCheck';
import { lazy } from 'react';
import type { CaptureRun } from '../types.ts';

export default {
  list: lazy(() => import('./CaptureRunList.tsx')),
  show: lazy(() => import('./CaptureRunShow.tsx')),
  icon: PlaylistAddCheckIcon,
  recordRepresentation: (record: CaptureRun) => `#${record.id}`,
};
