import Typography from '@mui/material/Typography';
import { useNotify, useRecordContext, useTranslate } from 'react-admin';
import { formatMoney } from '../money/MoneyField.tsx';
import { preview } from '../payments/paymentState.ts';
import type { Payment } from '../types.ts';
import { CommandDialog } from './CommandDialog.tsx';
import { canRun } from './events.ts';
import { describeCommandError, useCommand } from './useCommand.ts';

export type ConfirmedAction = 'void' | 'invalidate';

/**
 * Void or invalidate: no input, only a confirmation that says what happens. A void of a preauthorized
 * payment releases the authorization at the gateway; a void of a payment not yet processed makes no call.
 */
export const ConfirmCommandDialog = ({ action, onClose }: { action: ConfirmedAction; onClose: () => void }) => {
  const record = useRecordContext<Payment>();
  const translate = useTranslate();
  const notify = useNotify();
  const command = useCommand((dataProvider, _body: Record<string, never>, key) =>
    action === 'void' ? dataProvider.voidPayment(record!.id, key) : dataProvider.invalidate(record!.id, key),
  );
  if (!record) return null;

  const voided = preview(record, { type: 'void' });
  const content =
    action === 'invalidate'
      ? 'paydesk.payment_actions.invalidate.content'
      : voided.ok && voided.effect === null
        ? 'paydesk.payment_actions.void.content_offline'
        : 'paydesk.payment_actions.void.content_gateway';

  const confirm = () =>
    command.submit(
      {},
      {
        onSuccess: () => {
          notify(`paydesk.payment_actions.${action}.done`, {
            type: 'success',
            messageArgs: { identifier: record.identifier },
          });
          onClose();
        },
      },
    );

  return (
    <CommandDialog
      title={translate(`paydesk.payment_actions.${action}.title`, { identifier: record.identifier })}
      confirmLabel={translate(`paydesk.payment_actions.${action}.confirm`)}
      confirmColor="error"
      pending={command.isPending}
      confirmDisabled={!canRun(action, record)}
      error={command.error ? describeCommandError(command.error) : null}
      onConfirm={confirm}
      onClose={onClose}
    >
      <Typography variant="body2">
        {translate(content, { total: formatMoney(record.total, record.currency) })}
      </Typography>
    </CommandDialog>
  );
};

export default ConfirmCommandDialog;
