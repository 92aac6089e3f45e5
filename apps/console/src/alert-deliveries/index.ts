import CampaignIcon from '@mui/icons-material/Campaign';
import { lazy } from 'react';
import type { AlertDelivery } from '@paydesk/contract';

/** Spike alerts sent to alert_webhook_urls: read-only, for everyone who sees monitoring. */
export default {
  list: lazy(() => import('./AlertDeliveryList.tsx')),
  show: lazy(() => import('./AlertDeliveryShow.tsx')),
  icon: CampaignIcon,
  recordRepresentation: (record: AlertDelivery) => `#${record.id}`,
};
