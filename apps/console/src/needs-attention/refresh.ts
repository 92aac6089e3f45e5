import type { QueryClient } from '@tanstack/react-query';
import { refreshPaymentData } from '../payment-actions/useCommand.ts';

/** After reconcile or mark-failed: the payment and what hangs on it, and the attention counts. */
export async function refreshAfterSettling(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    refreshPaymentData(queryClient),
    queryClient.invalidateQueries({ queryKey: ['needs-attention'] }),
  ]);
}
