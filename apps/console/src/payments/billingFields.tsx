import Typography from '@mui/material/Typography';
import { TextField, useRecordContext } from 'react-admin';
import type { Payment } from '../types.ts';

const EMPTY = '—';

/** "Ada Lovelace": the billing first and last names as one. */
export const BillingNameField = (_props: { label?: string }) => {
  const record = useRecordContext<Pick<Payment, 'billing_first_name' | 'billing_last_name'>>();
  const name = [record?.billing_first_name, record?.billing_last_name].filter(Boolean).join(' ');
  return (
    <Typography component="span" variant="body2">
      {name || EMPTY}
    </Typography>
  );
};

/**
 * The billing name and address as every payment page shows them: a list of fields for <Details> (which
 * reads each field's label from its props, so they are elements, not one component).
 */
export function billingAddressFields(resource: 'payments' | 'fraud-reviews') {
  return [
    <BillingNameField key="billing_name" label={`resources.${resource}.fields.billing_name`} />,
    ...(
      [
        'billing_address_1',
        'billing_address_2',
        'billing_city',
        'billing_postcode',
        'billing_country_code',
        'billing_country_area',
      ] as const
    ).map((source) => <TextField key={source} source={source} emptyText={EMPTY} />),
  ];
}
