import { ReferenceField, Show, TextField } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { Details, Section } from '../common/Details.tsx';
import { MoneyField } from '../money/MoneyField.tsx';
import { RefundStatusChip } from './RefundStatusChip.tsx';

const EMPTY = '—';

export const RefundShow = () => (
  <Show component="div">
    <Section title="paydesk.refund.sections.refund">
      <Details>
        <DateTimeField source="created_at" precise />
        <ReferenceField source="payment_id" reference="payments" link="show" />
        <MoneyField source="amount" />
        <RefundStatusChip source="status" />
        <ReferenceField source="reason_id" reference="refund-reasons" link={false} />
        <TextField source="note" emptyText={EMPTY} />
        <TextField source="transaction_id" emptyText={EMPTY} sx={{ fontFamily: 'monospace' }} />
        <ReferenceField source="staff_user_id" reference="staff-users" link={false} emptyText={EMPTY} />
      </Details>
    </Section>
  </Show>
);

export default RefundShow;
