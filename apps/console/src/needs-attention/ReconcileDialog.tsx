import Typography from '@mui/material/Typography';
import { useQueryClient } from '@tanstack/react-query';
import { useNotify, useRecordContext, useTranslate } from 'react-admin';
import { CommandDialog } from '../payment-actions/CommandDialog.tsx';
import { describeCommandError, useCommand } from '../payment-actions/useCommand.ts';
import type { Payment, ReconciledPayment } from '../types.ts';
import { refreshAfterSettling } from './refresh.ts';
import { formatDateTime } from '../common/datetime.ts';

/**
 * Asks the gateway what became of the payment's unknown operation (and unfinished refunds), then says what
 * came of it: settled (and the status now), still unknown (try later, or mark it failed), or nothing to do.
 * Reconciling twice is harmless: the server settles under the payment's lock, once.
 */
export const ReconcileDialog = ({ onClose }: { onClose: () => void }) => {
  const record = useRecordContext<Payment>();
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const command = useCommand(
    (dataProvider, _body: Record<string, never>) => dataProvider.reconcilePayment(record!.id),
    { refresh: false },
  );
  if (!record) return null;

  const confirm = () =>
    command.submit(
      {},
      {
        onSuccess: (payment: ReconciledPayment) => {
          const args = {
            identifier: record.identifier,
            status: translate(`paydesk.payment_status.${payment.status}`, { _: payment.status }),
          };
          // The server may answer "settled" for a payment in error with no operation to ask about, which stays in error.
          if (payment.reconciliation === 'settled' && payment.status === 'error') {
            notify('paydesk.reconcile.still_in_error', {
              type: 'warning',
              messageArgs: args,
              autoHideDuration: 10_000,
            });
          } else if (payment.reconciliation === 'settled')
            notify('paydesk.reconcile.settled', { type: 'success', messageArgs: args });
          else if (payment.reconciliation === 'unknown')
            notify('paydesk.reconcile.unknown', { type: 'warning', messageArgs: args, autoHideDuration: 10_000 });
          else notify('paydesk.reconcile.nothing', { type: 'info', messageArgs: args });
          void refreshAfterSettling(queryClient).finally(onClose);
        },
      },
    );

  const content = record.operation
    ? translate('paydesk.reconcile.content_operation', {
        operation: translate(`paydesk.reconcile.operation.${record.operation}`, { _: record.operation }),
        started: formatDateTime(record.operation_started_at, { seconds: true }),
      })
    : translate('paydesk.reconcile.content');

  return (
    <CommandDialog
      title={translate('paydesk.reconcile.title', { identifier: record.identifier })}
      confirmLabel={translate('paydesk.reconcile.confirm')}
      pending={command.isPending}
      error={command.error ? describeCommandError(command.error) : null}
      onConfirm={confirm}
      onClose={onClose}
    >
      <Typography variant="body2">{content}</Typography>
      <Typography variant="body2" color="text.secondary">
        {translate('paydesk.reconcile.no_money')}
      </Typography>
    </CommandDialog>
  );
};

export default ReconcileDialog;
