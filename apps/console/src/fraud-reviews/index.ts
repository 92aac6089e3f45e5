import PolicyIcon from '@mui/icons-material/Policy';
import { lazy } from 'react';
import type { FraudReview } from '../types.ts';

/** Fraud reviews: the analysts' queue, and a page per review with the claim and decision buttons. */
export default {
  list: lazy(() => import('./FraudReviewList.tsx')),
  show: lazy(() => import('./FraudReviewShow.tsx')),
  icon: PolicyIcon,
  recordRepresentation: (record: FraudReview) => record.identifier,
};

/** For the dashboard: the queue's health (open reviews, oldest against the SLA, decisions, accept rate). */
export { QueueHealthCard } from './QueueHealthCard.tsx';
/** For the payment's page: its fraud decisions (lazy, with its own Suspense). */
export { FraudDecisionsPanel } from './lazy.tsx';
