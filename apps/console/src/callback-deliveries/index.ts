import WebhookIcon from '@mui/icons-material/Webhook';
import { lazy } from 'react';
import type { CallbackDelivery } from '../types.ts';

/** Signed callbacks to storefronts: read-only, with a manual resend on the show page. */
export default {
  list: lazy(() => import('./CallbackDeliveryList.tsx')),
  show: lazy(() => import('./CallbackDeliveryShow.tsx')),
  icon: WebhookIcon,
  recordRepresentation: (record: CallbackDelivery) => `#${record.id}`,
};
