import PeopleIcon from '@mui/icons-material/People';
import { lazy } from 'react';
import type { StaffUser } from '../types.ts';

export default {
  list: lazy(() => import('./StaffUserList.tsx')),
  create: lazy(() => import('./StaffUserCreate.tsx')),
  edit: lazy(() => import('./StaffUserEdit.tsx')),
  icon: PeopleIcon,
  recordRepresentation: (record: StaffUser) => record.full_name,
};
