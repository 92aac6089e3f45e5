import GavelIcon from '@mui/icons-material/Gavel';
import { lazy } from 'react';
import type { FraudDecision } from '../types.ts';

/** Fraud decisions: the history of decided reviews (read-only; decisions are made in the fraud review queue). */
export default {
  list: lazy(() => import('./FraudDecisionList.tsx')),
  icon: GavelIcon,
  recordRepresentation: (record: FraudDecision) => `${record.payment_identifier} · ${record.decision}`,
};
