import BlockIcon from '@mui/icons-material/Block';
import { useState } from 'react';
import { Button, Confirm, useNotify, useRecordContext, useUpdate } from 'react-admin';
import type { PaymentMethod } from '../types.ts';
import { pickEditable } from './editable.ts';

/**
 * A payment method is never deleted once it has payments: it is deactivated (it takes no new payments).
 * Shown only while the method is active; asks for confirmation first.
 */
export const DeactivateButton = () => {
  const record = useRecordContext<PaymentMethod>();
  const [open, setOpen] = useState(false);
  const notify = useNotify();
  const [update, { isPending }] = useUpdate<PaymentMethod>();
  if (!record?.active) return null;

  const deactivate = () =>
    update(
      'payment-methods',
      // The other editable fields go along unchanged, so the PUT is complete either way.
      { id: record.id, data: { ...pickEditable(record), active: false }, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          setOpen(false);
          notify('paydesk.deactivate.done', { type: 'info', messageArgs: { name: record.name } });
        },
        onError: (error) => {
          setOpen(false);
          notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
        },
      },
    );

  return (
    <>
      <Button label="paydesk.deactivate.button" color="warning" onClick={() => setOpen(true)}>
        <BlockIcon />
      </Button>
      <Confirm
        isOpen={open}
        loading={isPending}
        title="paydesk.deactivate.title"
        titleTranslateOptions={{ name: record.name }}
        content="paydesk.deactivate.content"
        confirm="paydesk.deactivate.confirm"
        confirmColor="warning"
        onConfirm={deactivate}
        onClose={() => setOpen(false)}
      />
    </>
  );
};
