import { useQueryClient } from '@tanstack/react-query';
import { NoteCommandDialog } from '../payment-actions/NoteCommandDialog.tsx';
import { refreshAfterSettling } from './refresh.ts';

/**
 * Gives up on a payment the gateway cannot settle: it is marked failed (rejected; money captured before an
 * unknown refund stays captured), its unfinished refunds failed. A note is required: it is the only record of
 * why.
 */
export const MarkFailedDialog = ({ onClose }: { onClose: () => void }) => {
  const queryClient = useQueryClient();
  return (
    <NoteCommandDialog
      messages="paydesk.mark_failed"
      confirmColor="error"
      send={(dataProvider, payment, body, key) => dataProvider.markPaymentFailed(payment.id, body, key)}
      afterSuccess={() => refreshAfterSettling(queryClient)}
      onClose={onClose}
    />
  );
};

export default MarkFailedDialog;
