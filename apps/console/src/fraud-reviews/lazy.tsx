import Skeleton from '@mui/material/Skeleton';
import { lazy, Suspense } from 'react';

const LazyFraudDecisionsPanel = lazy(() => import('./FraudDecisionsPanel.tsx'));

/**
 * FraudDecisionsPanel, loaded when first shown (it brings a Datagrid): the form in which index.ts hands it
 * to the payment page, so that importing the folder's index adds nothing heavy to the first load.
 */
export const FraudDecisionsPanel = () => (
  <Suspense fallback={<Skeleton variant="rounded" height={120} />}>
    <LazyFraudDecisionsPanel />
  </Suspense>
);
