import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';

interface AmountFieldProps {
  /** Already translated: the label, and the help shown while the amount is valid ("At most $80.00"). */
  label: string;
  help: string;
  value: string;
  currency: string;
  onChange: (value: string) => void;
  /** Shown instead of the help. */
  error?: string;
  disabled: boolean;
}

/** The amount a command moves: typed as a decimal in the payment's currency, focused first. */
export const AmountField = ({ label, help, value, currency, onChange, error, disabled }: AmountFieldProps) => (
  <TextField
    label={label}
    value={value}
    onChange={(event) => onChange(event.target.value)}
    error={Boolean(error)}
    helperText={error || help}
    autoFocus
    required
    fullWidth
    disabled={disabled}
    slotProps={{
      htmlInput: { inputMode: 'decimal', autoComplete: 'off' },
      input: { endAdornment: <InputAdornment position="end">{currency}</InputAdornment> },
    }}
  />
);
