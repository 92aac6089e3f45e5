import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useGetList, useNotify, useRecordContext, useTranslate } from 'react-admin';
import type { RefundParams } from '../dataProvider.ts';
import { formatMoney } from '../money/MoneyField.tsx';
import type { Payment, RefundReason } from '../types.ts';
import { checkAmount } from './amount.ts';
import { AmountField } from './AmountField.tsx';
import { CommandDialog, useMessage } from './CommandDialog.tsx';
import { NOTE_MAX } from './RequiredNoteField.tsx';
import { canRun } from './events.ts';
import { describeCommandError, useCommand } from './useCommand.ts';

/**
 * Refund a confirmed payment, in full or in part, always with a reason (an active refund reason) and an
 * optional note. The amount starts at what is left to refund; the server checks it again, counting refunds
 * still waiting for the gateway.
 */
export const RefundDialog = ({ onClose }: { onClose: () => void }) => {
  const record = useRecordContext<Payment>();
  const translate = useTranslate();
  const show = useMessage();
  const notify = useNotify();
  const [amount, setAmount] = useState(record?.refundable_amount ?? '');
  const [reasonId, setReasonId] = useState<number | ''>('');
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState({ amount: false, reason: false });
  const reasons = useGetList<RefundReason>('refund-reasons', {
    filter: { active: true },
    sort: { field: 'name', order: 'ASC' },
    pagination: { page: 1, perPage: 100 },
  });
  const command = useCommand((dataProvider, body: RefundParams, key) => dataProvider.refund(record!.id, body, key));
  if (!record) return null;

  const money = (value: string) => formatMoney(value, record.currency);
  const check = checkAmount(
    amount,
    record.currency,
    record.refundable_amount,
    'paydesk.payment_actions.errors.amount_above_refundable',
    money,
  );
  const error = command.error ? describeCommandError(command.error, ['amount', 'reason_id', 'note']) : null;
  const amountError = touched.amount && !check.ok ? show(check.error) : error?.fields.amount;
  const reasonError =
    touched.reason && reasonId === ''
      ? translate('paydesk.payment_actions.errors.reason_required')
      : error?.fields.reason_id;
  const noteError = error?.fields.note;

  const edited = () => {
    if (command.error) command.reset();
  };

  const confirm = () => {
    setTouched({ amount: true, reason: true });
    if (!check.ok || reasonId === '') return;
    const refunded = check.amount.toString();
    const trimmed = note.trim();
    command.submit(
      { amount: refunded, reason_id: reasonId, ...(trimmed ? { note: trimmed } : {}) },
      {
        onSuccess: (answer) => {
          // Above the two-person threshold the server keeps the refund waiting (202): nothing moved yet.
          const waiting = answer.pending_approval_id !== undefined && answer.pending_approval_id !== null;
          notify(waiting ? 'paydesk.payment_actions.refund.awaiting_approval' : 'paydesk.payment_actions.refund.done', {
            type: waiting ? 'info' : 'success',
            messageArgs: { amount: money(refunded), identifier: record.identifier },
          });
          onClose();
        },
      },
    );
  };

  return (
    <CommandDialog
      title={translate('paydesk.payment_actions.refund.title', { identifier: record.identifier })}
      confirmLabel={
        check.ok
          ? translate('paydesk.payment_actions.refund.confirm', { amount: money(check.amount.toString()) })
          : translate('paydesk.payment_actions.refund.confirm_plain')
      }
      confirmColor="warning"
      pending={command.isPending}
      confirmDisabled={!canRun('refund', record)}
      error={error}
      onConfirm={confirm}
      onClose={onClose}
    >
      <Typography variant="body2">
        {translate('paydesk.payment_actions.refund.content', {
          captured: money(record.captured_amount),
          left: money(record.refundable_amount),
        })}
      </Typography>
      <AmountField
        label={translate('paydesk.payment_actions.refund.amount')}
        help={translate('paydesk.payment_actions.refund.amount_help', { max: money(record.refundable_amount) })}
        value={amount}
        currency={record.currency}
        onChange={(value) => {
          setAmount(value);
          setTouched((current) => ({ ...current, amount: true }));
          edited();
        }}
        error={amountError}
        disabled={command.isPending}
      />
      <TextField
        select
        label={translate('paydesk.payment_actions.refund.reason')}
        value={reasonId}
        onChange={(event) => {
          setReasonId(event.target.value === '' ? '' : Number(event.target.value));
          setTouched((current) => ({ ...current, reason: true }));
          edited();
        }}
        error={Boolean(reasonError)}
        helperText={
          reasonError ||
          (reasons.data && reasons.data.length === 0 ? translate('paydesk.payment_actions.refund.no_reasons') : ' ')
        }
        required
        fullWidth
        disabled={command.isPending || reasons.isPending}
      >
        {(reasons.data ?? []).map((reason) => (
          <MenuItem key={reason.id} value={reason.id}>
            {reason.name}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        label={translate('paydesk.payment_actions.refund.note')}
        value={note}
        onChange={(event) => {
          setNote(event.target.value);
          edited();
        }}
        error={Boolean(noteError)}
        helperText={noteError || translate('paydesk.payment_actions.refund.note_help')}
        multiline
        minRows={2}
        fullWidth
        disabled={command.isPending}
        slotProps={{ htmlInput: { maxLength: NOTE_MAX } }}
      />
    </CommandDialog>
  );
};

export default RefundDialog;
