import VpnKeyIcon from '@mui/icons-material/VpnKey';
import { lazy } from 'react';
import type { ApiKey } from '../types.ts';

/** Storefront API keys, for admins: made here (the key shown once), revoked, never shown again. */
export default {
  list: lazy(() => import('./ApiKeyList.tsx')),
  create: lazy(() => import('./ApiKeyCreate.tsx')),
  icon: VpnKeyIcon,
  recordRepresentation: (record: ApiKey) => record.name,
};
