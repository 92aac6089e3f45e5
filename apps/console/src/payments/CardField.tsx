import Typography from '@mui/material/Typography';
import { useRecordContext } from 'react-admin';
import type { Payment } from '../types.ts';

interface CardFieldProps {
  label?: string | false;
  sortable?: boolean;
  /** For tables: the brand's short name ("Amex •••• 3464"). */
  short?: boolean;
}

/** "Visa •••• 4242": the only card data Paydesk keeps is brand, expiry and last four digits. */
export const CardField = ({ short = false }: CardFieldProps) => {
  const record = useRecordContext<Payment>();
  if (!record || (!record.card_brand && !record.card_last4)) return null;
  const brand = formatBrand(record.card_brand);
  return (
    <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap' }} title={brand ?? undefined}>
      {[short ? shortBrand(brand) : brand, record.card_last4 ? `•••• ${record.card_last4}` : null]
        .filter(Boolean)
        .join(' ')}
    </Typography>
  );
};

/** "07/2027". */
export const CardExpiryField = (_props: CardFieldProps) => {
  const record = useRecordContext<Payment>();
  if (!record?.card_exp_month || !record.card_exp_year) return null;
  return (
    <Typography component="span" variant="body2">
      {formatExpiry(record.card_exp_month, record.card_exp_year)}
    </Typography>
  );
};

export function formatExpiry(month: number, year: number): string {
  return `${String(month).padStart(2, '0')}/${year}`;
}

const BRAND_NAMES: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  master: 'Mastercard',
  amex: 'American Express',
  american_express: 'American Express',
  discover: 'Discover',
  jcb: 'JCB',
  diners_club: 'Diners Club',
  maestro: 'Maestro',
  unionpay: 'UnionPay',
};

const SHORT_BRAND_NAMES: Record<string, string> = { 'American Express': 'Amex', 'Diners Club': 'Diners' };

const shortBrand = (brand: string | null) => (brand === null ? null : (SHORT_BRAND_NAMES[brand] ?? brand));

export function formatBrand(brand: string | null): string | null {
  if (!brand) return null;
  return BRAND_NAMES[brand.toLowerCase()] ?? brand;
}
