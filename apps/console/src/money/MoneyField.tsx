import Typography, { type TypographyProps } from '@mui/material/Typography';
import { displayAmount } from '@paydesk/domain';
import { useFieldValue, useTranslate } from 'react-admin';

export interface MoneyFieldProps {
  /** The decimal string amount, e.g. "91.00". */
  source: string;
  /** Where the record keeps its ISO 4217 currency code. */
  currencySource?: string;
  label?: string | false;
  sortable?: boolean;
  sortBy?: string;
  /** Shown (translated) when there is no amount. */
  emptyText?: string;
  /** Typography variant; "inherit" takes the surrounding text's size. */
  variant?: TypographyProps['variant'];
}

/**
 * An exact amount with its currency: "$91.00", "¥500", "€1,234.50". The decimal string goes to
 * displayAmount as it is, never through a JS number (react-admin's NumberField would show "91").
 */
export const MoneyField = ({ source, currencySource = 'currency', emptyText, variant = 'body2' }: MoneyFieldProps) => {
  const value: unknown = useFieldValue({ source });
  const currency: unknown = useFieldValue({ source: currencySource });
  const translate = useTranslate();
  if ((typeof value !== 'string' && typeof value !== 'number') || value === '') {
    return emptyText ? (
      <Typography component="span" variant={variant}>
        {translate(emptyText, { _: emptyText })}
      </Typography>
    ) : null;
  }
  return (
    <Typography component="span" variant={variant} sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
      {formatMoney(String(value), typeof currency === 'string' ? currency : '')}
    </Typography>
  );
};

// Datagrid reads the column alignment from the component.
MoneyField.textAlign = 'right' as const;

/** displayAmount, or the raw amount and code when the currency is unknown (never hide an amount). */
export function formatMoney(value: string, currency: string): string {
  try {
    return displayAmount(value, currency);
  } catch {
    return currency ? `${value} ${currency}` : value;
  }
}
