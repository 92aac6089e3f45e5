import Stack from '@mui/material/Stack';
import { Datagrid, ReferenceField, ReferenceManyField, SelectField, Show, TextField } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { Details, Section, SectionGrid } from '../common/Details.tsx';
import { compactDatagridSx } from '../common/listStyles.ts';
import { Empty } from '../common/Empty.tsx';
import { MoneyField } from '../money/MoneyField.tsx';
import { CardField } from '../payments/CardField.tsx';
import { FraudStatusChip } from '../payments/FraudStatusChip.tsx';
import { StatusChip } from '../payments/StatusChip.tsx';
import { AddPaymentButton, ReplacePaymentButton } from './AddPaymentButton.tsx';
import { orderStateChoices } from './orderFilters.tsx';
import { PaymentStateChip } from './PaymentStateChip.tsx';

const EMPTY = '—';

/** An order: its totals, its derived payment state, and its payments — with "Add payment" and "Replace" for staff who may. */
export const OrderShow = () => (
  <Show component="div">
    <Stack spacing={2}>
      <SectionGrid>
        <Section title="paydesk.order.sections.order">
          <Details>
            <TextField source="number" sx={{ fontFamily: 'monospace' }} />
            <TextField source="email" />
            <SelectField source="state" choices={orderStateChoices} />
            <TextField source="currency" />
            <DateTimeField source="created_at" precise />
            <DateTimeField source="completed_at" precise emptyText={EMPTY} />
          </Details>
        </Section>
        <Section title="paydesk.order.sections.totals">
          <Details>
            <MoneyField source="item_total" />
            <MoneyField source="shipment_total" />
            <MoneyField source="tax_total" />
            <MoneyField source="total" />
            <MoneyField source="payment_total" />
            <PaymentStateChip source="payment_state" />
          </Details>
        </Section>
      </SectionGrid>
      <Section title="paydesk.order.sections.payments">
        <Stack direction="row" sx={{ mb: 1, justifyContent: 'flex-end' }}>
          <AddPaymentButton />
        </Stack>
        <ReferenceManyField
          reference="payments"
          target="order_id"
          sort={{ field: 'created_at', order: 'DESC' }}
          perPage={50}
        >
          <Datagrid
            rowClick="show"
            bulkActionButtons={false}
            size="small"
            sx={compactDatagridSx}
            empty={<Empty message="paydesk.order.no_payments" />}
          >
            <TextField source="identifier" sx={{ fontFamily: 'monospace' }} />
            <DateTimeField source="created_at" />
            <StatusChip source="status" />
            <FraudStatusChip source="fraud_status" hideValues={['unknown']} />
            <ReferenceField source="payment_method_id" reference="payment-methods" link={false} />
            <CardField label="resources.payments.fields.card" sortable={false} />
            <MoneyField source="total" />
            <MoneyField source="captured_amount" />
            <MoneyField source="refunded_amount" />
            <ReplacePaymentButton />
          </Datagrid>
        </ReferenceManyField>
      </Section>
    </Stack>
  </Show>
);

export default OrderShow;
