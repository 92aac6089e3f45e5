import Alert from '@mui/material/Alert';
import { TextField, useRecordContext, useTranslate } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { Details, Section } from '../common/Details.tsx';
import { MoneyField } from '../money/MoneyField.tsx';
import type { Payment } from '../types.ts';

const words = (value: string | null | undefined) => (value ?? '').replaceAll('_', ' ');

/** The payment's dispute (chargeback): open, refunds are refused until the gateway decides it. */
export const DisputeSection = () => {
  const record = useRecordContext<Payment>();
  const translate = useTranslate();
  if (!record?.dispute_status) return null;
  return (
    <Section title="paydesk.payment.sections.dispute">
      <Alert severity={record.dispute_open ? 'warning' : 'info'} sx={{ mb: 1 }} data-testid="dispute-alert">
        {record.dispute_open
          ? translate('paydesk.payment.dispute.open')
          : translate('paydesk.payment.dispute.closed', { status: words(record.dispute_status) })}
      </Alert>
      <Details>
        <TextField source="dispute_status" />
        <MoneyField source="dispute_amount" />
        <TextField source="dispute_reason" />
        <TextField source="dispute_id" sx={{ fontFamily: 'monospace' }} />
        <DateTimeField source="dispute_reported_at" precise />
      </Details>
    </Section>
  );
};
