import Typography from '@mui/material/Typography';
import type { FraudReviewRequest, MarkFailedRequest } from '@paydesk/contract';
import { useState } from 'react';
import { useNotify, useRecordContext, useTranslate } from 'react-admin';
import type { PaydeskDataProvider } from '../dataProvider.ts';
import type { Payment } from '../types.ts';
import { CommandDialog } from './CommandDialog.tsx';
import { RequiredNoteField } from './RequiredNoteField.tsx';
import { describeCommandError, useCommand } from './useCommand.ts';

/** The body of a command that takes only a note (opening a fraud review, marking a payment failed). */
type NoteBody = FraudReviewRequest & MarkFailedRequest;

interface NoteCommandDialogProps {
  /** Where its messages are: `<messages>.title`, `.content`, `.note`, `.note_help`, `.note_required`, `.confirm`, `.done`. */
  messages: string;
  confirmColor: 'warning' | 'error';
  send: (dataProvider: PaydeskDataProvider, payment: Payment, body: NoteBody, key: string) => Promise<unknown>;
  /** Refresh what the command changed; by default every query, once it succeeded. */
  afterSuccess?: () => Promise<unknown>;
  confirmDisabled?: boolean;
  onClose: () => void;
}

/**
 * A command on a payment that needs only a note, and may not run without one: the note is the record of why.
 * The Idempotency-Key is made when the dialog opens and reused if the same request is retried.
 */
export const NoteCommandDialog = ({
  messages,
  confirmColor,
  send,
  afterSuccess,
  confirmDisabled,
  onClose,
}: NoteCommandDialogProps) => {
  const record = useRecordContext<Payment>();
  const translate = useTranslate();
  const notify = useNotify();
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const command = useCommand((dataProvider, body: NoteBody, key) => send(dataProvider, record!, body, key), {
    refresh: !afterSuccess,
  });
  if (!record) return null;

  const error = command.error ? describeCommandError(command.error, ['note']) : null;
  const noteMissing = note.trim() === '';
  const noteError = touched && noteMissing ? translate(`${messages}.note_required`) : error?.fields.note;

  const confirm = () => {
    setTouched(true);
    if (noteMissing) return;
    command.submit(
      { note: note.trim() },
      {
        onSuccess: () => {
          notify(`${messages}.done`, { type: 'success', messageArgs: { identifier: record.identifier } });
          if (afterSuccess) void afterSuccess().finally(onClose);
          else onClose();
        },
      },
    );
  };

  return (
    <CommandDialog
      title={translate(`${messages}.title`, { identifier: record.identifier })}
      confirmLabel={translate(`${messages}.confirm`)}
      confirmColor={confirmColor}
      pending={command.isPending}
      confirmDisabled={confirmDisabled}
      error={error}
      onConfirm={confirm}
      onClose={onClose}
    >
      <Typography variant="body2">{translate(`${messages}.content`)}</Typography>
      <RequiredNoteField
        label={`${messages}.note`}
        help={`${messages}.note_help`}
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
