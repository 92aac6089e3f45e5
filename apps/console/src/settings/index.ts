import SettingsIcon from '@mui/icons-material/Settings';
import { lazy } from 'react';
import type { Setting } from '../types.ts';

/** Settings: everyone reads them; admins change a value at a time (PUT /api/settings/:id). */
export default {
  list: lazy(() => import('./SettingList.tsx')),
  edit: lazy(() => import('./SettingEdit.tsx')),
  icon: SettingsIcon,
  recordRepresentation: (record: Setting) => record.id,
};
