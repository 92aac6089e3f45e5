import TextField from '@mui/material/TextField';
import { useTranslate } from 'react-admin';

import { NOTE_MAX } from '@paydesk/contract/rules';

/** The BFF's limit on a note (fraud decisions, marking failed, refunds). */
export { NOTE_MAX };

interface RequiredNoteFieldProps {
  /** Translation keys: the field's label, and its help ("%{count} of %{max} characters"). */
  label: string;
  help: string;
  value: string;
  onChange: (value: string) => void;
  /** Shown instead of the help: the note is missing, or the API refused it. */
  error?: string;
  disabled: boolean;
}

/** The note a staff member must write before a decision is taken: focused, counted, at most NOTE_MAX characters. */
export const RequiredNoteField = ({ label, help, value, onChange, error, disabled }: RequiredNoteFieldProps) => {
  const translate = useTranslate();
  return (
    <TextField
      label={translate(label)}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={Boolean(error)}
      helperText={error || translate(help, { count: value.length, max: NOTE_MAX })}
      autoFocus
      required
      multiline
      minRows={3}
      fullWidth
      disabled={disabled}
      slotProps={{ htmlInput: { maxLength: NOTE_MAX } }}
    />
  );
};
