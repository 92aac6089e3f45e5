import SettingsIcon from '@mui/icons-material/Settings';
import { lazy } from 'react';
import type { Setting } from '../types.ts';

export default {
  list: lazy(() => import('./SettingList.tsx')),
  icon: SettingsIcon,
  recordRepresentation: (record: Setting) => record.id,
};
