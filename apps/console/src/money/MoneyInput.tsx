import { AMOUNT_PATTERN } from '@paydesk/contract/rules';
import { regex, TextInput, type TextInputProps } from 'react-admin';

/** A decimal string such as "120" or "120.50": what the API accepts for amounts (never a float). */
export const DECIMAL_PATTERN = AMOUNT_PATTERN;

export const validateDecimal = regex(DECIMAL_PATTERN, 'paydesk.validation.decimal');

/** An amount typed as text, kept as a decimal string; used for total ranges in filters. */
export const MoneyInput = (props: TextInputProps) => (
  <TextInput
    validate={validateDecimal}
    slotProps={{ htmlInput: { inputMode: 'decimal' } }}
    parse={(value: string) => value.trim()}
    {...props}
  />
);
