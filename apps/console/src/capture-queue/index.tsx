import HourglassTopIcon from '@mui/icons-material/HourglassTop';
import { lazy } from 'react';
import { Menu } from 'react-admin';

/** The capture queue's route (a custom route: its data is the payments resource, filtered). */
export const CAPTURE_QUEUE_PATH = '/capture-queue';

/** Loaded when first visited. */
export const CaptureQueuePage = lazy(() => import('./CaptureQueue.tsx'));

export const CaptureQueueMenuItem = () => (
  <Menu.Item to={CAPTURE_QUEUE_PATH} primaryText="paydesk.capture_queue.menu" leftIcon={<HourglassTopIcon />} />
);
