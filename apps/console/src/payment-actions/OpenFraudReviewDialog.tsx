import { useRecordContext } from 'react-admin';
import type { Payment } from '../types.ts';
import { canRun } from './events.ts';
import { NoteCommandDialog } from './NoteCommandDialog.tsx';

/** Sends a payment to the fraud review queue by hand. The note is required: it is why the review was opened. */
export const OpenFraudReviewDialog = ({ onClose }: { onClose: () => void }) => {
  const record = useRecordContext<Payment>();
  return (
    <NoteCommandDialog
      messages="paydesk.payment_actions.open_fraud_review"
      confirmColor="warning"
      send={(dataProvider, payment, body, key) => dataProvider.openFraudReview(payment.id, body, key)}
      confirmDisabled={record ? !canRun('open_fraud_review', record) : true}
      onClose={onClose}
    />
  );
};

export default OpenFraudReviewDialog;
