import SyncProblemIcon from '@mui/icons-material/SyncProblem';
import { lazy, Suspense, useState } from 'react';
import { Button, useCanAccess, useRecordContext } from 'react-admin';
import type { Payment } from '../types.ts';
import { canReconcile } from './attention.ts';

// Loaded when first opened: most payments never need it.
const ReconcileDialog = lazy(() => import('./ReconcileDialog.tsx'));

export interface ReconcileButtonProps {
  /** The payment has a pending refund (the page knows it from its refunds; the record alone does not say). */
  pendingRefund?: boolean;
}

/**
 * "Reconcile" on a payment whose gateway outcome may be unknown: in error, with a gateway call set on it,
 * or with a pending refund. For operators, finance and admins. Place it inside the payment's RecordContext.
 */
export const ReconcileButton = ({ pendingRefund = false }: ReconcileButtonProps) => {
  const record = useRecordContext<Payment>();
  const [open, setOpen] = useState(false);
  const { canAccess } = useCanAccess({ resource: 'payments', action: 'reconcile' });
  // An open dialog stays open when the payment changes underneath: it shows the server's answer.
  if (!record || !canAccess || (!open && !canReconcile(record, { pendingRefund }))) return null;
  return (
    <>
      <Button label="paydesk.reconcile.button" color="primary" variant="outlined" onClick={() => setOpen(true)}>
        <SyncProblemIcon />
      </Button>
      {open ? (
        <Suspense fallback={null}>
          <ReconcileDialog onClose={() => setOpen(false)} />
        </Suspense>
      ) : null}
    </>
  );
};
