import { createContext, useContext } from 'react';
import type { Identifier } from 'react-admin';
import type { FraudDecisionKind, FraudReview } from '../types.ts';

/** A bulk decision the analyst asked for: the selection as it was when the dialog opened. */
export interface BulkDecisionRequest {
  decision: FraudDecisionKind;
  ids: Identifier[];
  /** The reviews the list shows: identifiers, statuses and claims without asking the server again. */
  records: FraudReview[];
  /** Clears the list's selection (once the decisions ran). */
  unselect: () => void;
}

/**
 * Opens the bulk decision dialog. The dialog lives outside the list, so that a list emptied by the
 * decisions (or by its polling) cannot take the summary away before the analyst has read it.
 */
export const BulkDecisionContext = createContext<((request: BulkDecisionRequest) => void) | null>(null);

export function useOpenBulkDecision(): (request: BulkDecisionRequest) => void {
  const open = useContext(BulkDecisionContext);
  if (!open) throw new Error('useOpenBulkDecision: no BulkDecisionContext (render inside the fraud review queue)');
  return open;
}
