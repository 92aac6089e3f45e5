import ReplayIcon from '@mui/icons-material/Replay';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Confirm, useCanAccess, useDataProvider, useNotify, useRecordContext } from 'react-admin';
import type { PaydeskDataProvider } from '../dataProvider.ts';
import type { CallbackDelivery } from '../types.ts';

/** What a resend may change: the delivery, its attempts, the failing-callbacks count. */
const AFFECTED = new Set(['callback-deliveries', 'callback-attempts', 'needs-attention']);

/**
 * Sends a callback again now (`POST /api/callback-deliveries/:id/resend`); the server then keeps retrying
 * it for 24 hours until the storefront accepts it. Asks first; for operators and admins.
 */
export const ResendButton = () => {
  const record = useRecordContext<CallbackDelivery>();
  const [open, setOpen] = useState(false);
  const notify = useNotify();
  const dataProvider = useDataProvider<PaydeskDataProvider>();
  const queryClient = useQueryClient();
  const { canAccess } = useCanAccess({ resource: 'callback-deliveries', action: 'resend', record });
  const resend = useMutation({
    mutationFn: (id: CallbackDelivery['id']) => dataProvider.resendCallback(id),
    onSuccess: () => {
      setOpen(false);
      notify('paydesk.callbacks.resend.done', { type: 'info' });
    },
    onError: (error) => {
      setOpen(false);
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    },
    onSettled: () => queryClient.invalidateQueries({ predicate: (query) => AFFECTED.has(String(query.queryKey[0])) }),
  });
  if (!record || !canAccess) return null;

  return (
    <>
      <Button label="paydesk.callbacks.resend.button" onClick={() => setOpen(true)}>
        <ReplayIcon />
      </Button>
      <Confirm
        isOpen={open}
        loading={resend.isPending}
        title="paydesk.callbacks.resend.title"
        titleTranslateOptions={{ id: record.id }}
        content={
          record.status === 'delivered'
            ? 'paydesk.callbacks.resend.content_delivered'
            : 'paydesk.callbacks.resend.content'
        }
        contentTranslateOptions={{ url: record.url }}
        confirm="paydesk.callbacks.resend.confirm"
        onConfirm={() => resend.mutate(record.id)}
        onClose={() => setOpen(false)}
      />
    </>
  );
};
