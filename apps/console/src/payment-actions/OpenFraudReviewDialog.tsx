import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useNotify, useRecordContext, useTranslate } from 'react-admin';
import type { Payment } from '../types.ts';
import { CommandDialog } from './CommandDialog.tsx';
import { canRun } from './events.ts';
import { RequiredNoteField } from './RequiredNoteField.tsx';
import { describeCommandError, useCommand } from './useCommand.ts';

/** Sends a payment to the fraud review queue by hand. The note is required: it is why the review was opened. */
export const OpenFraudReviewDialog = ({ onClose }: { onClose: () => void }) => {
  const record = useRecordContext<Payment>();
  const translate = useTranslate();
  const notify = useNotify();
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const command = useCommand((dataProvider, body: { note: string }, key) =>
    dataProvider.openFraudReview(record!.id, body, key),
  );
  if (!record) return null;

  const error = command.error ? describeCommandError(command.error, ['note']) : null;
  const noteMissing = note.trim() === '';
  const noteError =
    touched && noteMissing ? translate('paydesk.payment_actions.open_fraud_review.note_required') : error?.fields.note;

  const confirm = () => {
    setTouched(true);
    if (noteMissing) return;
    command.submit(
      { note: note.trim() },
      {
        onSuccess: () => {
          notify('paydesk.payment_actions.open_fraud_review.done', {
            type: 'success',
            messageArgs: { identifier: record.identifier },
          });
          onClose();
        },
      },
    );
  };

  return (
    <CommandDialog
      title={translate('paydesk.payment_actions.open_fraud_review.title', { identifier: record.identifier })}
      confirmLabel={translate('paydesk.payment_actions.open_fraud_review.confirm')}
      confirmColor="warning"
      pending={command.isPending}
      confirmDisabled={!canRun('open_fraud_review', record)}
      error={error}
      onConfirm={confirm}
      onClose={onClose}
    >
      <Typography variant="body2">{translate('paydesk.payment_actions.open_fraud_review.content')}</Typography>
      <RequiredNoteField
        label="paydesk.payment_actions.open_fraud_review.note"
        help="paydesk.payment_actions.open_fraud_review.note_help"
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

export default OpenFraudReviewDialog;
