import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useNotify, useRecordContext, useTranslate } from 'react-admin';
import type { CaptureParams } from '../dataProvider.ts';
import { formatMoney } from '../money/MoneyField.tsx';
import type { Payment } from '../types.ts';
import { checkAmount } from './amount.ts';
import { AmountField } from './AmountField.tsx';
import { CommandDialog, useMessage } from './CommandDialog.tsx';
import { canRun } from './events.ts';
import { describeCommandError, useCommand } from './useCommand.ts';

/**
 * Capture a preauthorized payment: the amount starts at the total and may be lowered for a partial capture
 * (the rest of the authorization is released). Checked here as the server checks it: 0 < amount ≤ total.
 */
export const CaptureDialog = ({ onClose }: { onClose: () => void }) => {
  const record = useRecordContext<Payment>();
  const translate = useTranslate();
  const show = useMessage();
  const notify = useNotify();
  const [amount, setAmount] = useState(record?.total ?? '');
  const [touched, setTouched] = useState(false);
  const command = useCommand((dataProvider, body: CaptureParams, key) => dataProvider.capture(record!.id, body, key));
  if (!record) return null;

  const money = (value: string) => formatMoney(value, record.currency);
  const check = checkAmount(
    amount,
    record.currency,
    record.total,
    'paydesk.payment_actions.errors.amount_above_total',
    money,
  );
  const error = command.error ? describeCommandError(command.error, ['amount']) : null;
  const amountError = touched && !check.ok ? show(check.error) : error?.fields.amount;

  const confirm = () => {
    setTouched(true);
    if (!check.ok) return;
    const captured = check.amount.toString();
    command.submit(
      { amount: captured },
      {
        onSuccess: () => {
          notify('paydesk.payment_actions.capture.done', {
            type: 'success',
            messageArgs: { amount: money(captured), identifier: record.identifier },
          });
          onClose();
        },
      },
    );
  };

  return (
    <CommandDialog
      title={translate('paydesk.payment_actions.capture.title', { identifier: record.identifier })}
      confirmLabel={
        check.ok
          ? translate('paydesk.payment_actions.capture.confirm', { amount: money(check.amount.toString()) })
          : translate('paydesk.payment_actions.capture.confirm_plain')
      }
      pending={command.isPending}
      confirmDisabled={!canRun('capture', record)}
      error={error}
      onConfirm={confirm}
      onClose={onClose}
    >
      <Typography variant="body2">
        {translate('paydesk.payment_actions.capture.content', { total: money(record.total) })}
      </Typography>
      <AmountField
        label={translate('paydesk.payment_actions.capture.amount')}
        help={translate('paydesk.payment_actions.capture.amount_help', { max: money(record.total) })}
        value={amount}
        currency={record.currency}
        onChange={(value) => {
          setAmount(value);
          setTouched(true);
          if (command.error) command.reset();
        }}
        error={amountError}
        disabled={command.isPending}
      />
    </CommandDialog>
  );
};

export default CaptureDialog;
