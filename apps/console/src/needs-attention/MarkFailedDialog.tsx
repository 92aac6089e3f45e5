import Typography from '@mui/material/Typography';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNotify, useRecordContext, useTranslate } from 'react-admin';
import { CommandDialog } from '../payment-actions/CommandDialog.tsx';
import { RequiredNoteField } from '../payment-actions/RequiredNoteField.tsx';
import { describeCommandError, useCommand } from '../payment-actions/useCommand.ts';
import type { Payment } from '../types.ts';
import { refreshAfterSettling } from './refresh.ts';

/** The server's limit for the note (payments.routes.ts). */

/**
 * Gives up on a payment the gateway cannot settle: it is marked failed (rejected; money captured before an
 * unknown refund stays captured), its unfinished refunds failed. A note is required: it is the only record of
 * why. The Idempotency-Key is made when the dialog opens and reused if the same request is retried.
 */
export const MarkFailedDialog = ({ onClose }: { onClose: () => void }) => {
  const record = useRecordContext<Payment>();
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const command = useCommand(
    (dataProvider, body: { note: string }, key) => dataProvider.markPaymentFailed(record!.id, body, key),
    { refresh: false },
  );
  if (!record) return null;

  const error = command.error ? describeCommandError(command.error, ['note']) : null;
  const noteMissing = note.trim() === '';
  const noteError = touched && noteMissing ? translate('paydesk.mark_failed.note_required') : error?.fields.note;

  const confirm = () => {
    setTouched(true);
    if (noteMissing) return;
    command.submit(
      { note: note.trim() },
      {
        onSuccess: () => {
          notify('paydesk.mark_failed.done', { type: 'success', messageArgs: { identifier: record.identifier } });
          void refreshAfterSettling(queryClient).finally(onClose);
        },
      },
    );
  };

  return (
    <CommandDialog
      title={translate('paydesk.mark_failed.title', { identifier: record.identifier })}
      confirmLabel={translate('paydesk.mark_failed.confirm')}
      confirmColor="error"
      pending={command.isPending}
      error={error}
      onConfirm={confirm}
      onClose={onClose}
    >
      <Typography variant="body2">{translate('paydesk.mark_failed.content')}</Typography>
      <RequiredNoteField
        label="paydesk.mark_failed.note"
        help="paydesk.mark_failed.note_help"
        value={note}
        onChange={(value) => {
          setNote(value);
          if (command.error) command.reset();
        }}
        error={noteError}
        disabled={command.isPending}
      />
    </CommandDialog>
  );
};

export default MarkFailedDialog;
