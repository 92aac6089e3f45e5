import ReportOffIcon from '@mui/icons-material/ReportOff';
import { lazy, Suspense, useState } from 'react';
import { Button, useCanAccess, useRecordContext } from 'react-admin';
import type { Payment } from '../types.ts';
import { canMarkFailed } from './attention.ts';

// Loaded when first opened: most payments never need it.
const MarkFailedDialog = lazy(() => import('./MarkFailedDialog.tsx'));

export interface MarkFailedButtonProps {
  /** The payment has a pending refund (the page knows it from its refunds; the record alone does not say). */
  pendingRefund?: boolean;
}

/**
 * "Mark failed" on a payment the gateway cannot settle: in error, stuck in flight for over 5 minutes, or
 * with a pending refund. Asks for a note. For operators, finance and admins. Place it inside the payment's
 * RecordContext.
 */
export const MarkFailedButton = ({ pendingRefund = false }: MarkFailedButtonProps) => {
  const record = useRecordContext<Payment>();
  const [open, setOpen] = useState(false);
  const { canAccess } = useCanAccess({ resource: 'payments', action: 'mark-failed' });
  if (!record || !canAccess || (!open && !canMarkFailed(record, { pendingRefund }))) return null;
  return (
    <>
      <Button label="paydesk.mark_failed.button" color="error" variant="outlined" onClick={() => setOpen(true)}>
        <ReportOffIcon />
      </Button>
      {open ? (
        <Suspense fallback={null}>
          <MarkFailedDialog onClose={() => setOpen(false)} />
        </Suspense>
      ) : null}
    </>
  );
};
