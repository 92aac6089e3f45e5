import DoneAllIcon from '@mui/icons-material/DoneAll';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { Button, useListContext, type Identifier } from 'react-admin';
import type { Payment } from '../types.ts';
import { refreshPaymentData } from './useCommand.ts';

const BulkCaptureDialog = lazy(() => import('./BulkCaptureDialog.tsx'));

/**
 * "Capture selected": the list's selection, captured in one request (each payment for its total). The
 * server decides per payment; the summary lists what was not captured and why.
 */
export const BulkCaptureButton = () => {
  const { selectedIds, data, onUnselectItems } = useListContext<Payment>();
  const queryClient = useQueryClient();
  // The selection as it was when the dialog opened.
  const [ids, setIds] = useState<Identifier[] | null>(null);

  const close = (done: boolean) => {
    setIds(null);
    if (done) {
      // Only now: refreshed earlier, a list left empty would replace the table (and this dialog) mid-summary.
      void refreshPaymentData(queryClient);
      onUnselectItems();
    }
  };

  return (
    <>
      <Button
        label="paydesk.bulk_capture.button"
        onClick={() => setIds([...selectedIds])}
        disabled={selectedIds.length === 0}
      >
        <DoneAllIcon />
      </Button>
      {ids ? (
        <Suspense fallback={null}>
          <BulkCaptureDialog ids={ids} records={data ?? []} onClose={close} />
        </Suspense>
      ) : null}
    </>
  );
};
