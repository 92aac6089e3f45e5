import { lazy } from 'react';

/**
 * Needs attention: the page (a custom route, loaded when first visited), its menu item with a count, and
 * the two buttons for a payment whose gateway outcome is unknown — for the payment's show page, inside its
 * RecordContext (e.g. beside <PaymentActions />).
 */
export {
  ATTENTION_LINKS,
  attentionFilterChoices,
  canMarkFailed,
  canReconcile,
  isStuck,
  NEEDS_ATTENTION_PATH,
} from './attention.ts';
export { NeedsAttentionMenuItem } from './NeedsAttentionMenuItem.tsx';
export { ReconcileButton, type ReconcileButtonProps } from './ReconcileButton.tsx';
export { MarkFailedButton, type MarkFailedButtonProps } from './MarkFailedButton.tsx';
export { useNeedsAttention } from './useNeedsAttention.ts';

export const NeedsAttentionPage = lazy(() => import('./NeedsAttentionPage.tsx'));
