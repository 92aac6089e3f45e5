import { Datagrid, DateField, List, ReferenceField, TextField } from 'react-admin';
import { MoneyField } from '../money/MoneyField.tsx';
import { CardField } from './CardField.tsx';
import { FraudStatusChip } from './FraudStatusChip.tsx';
import { paymentFilters } from './paymentFilters.tsx';
import { StatusChip } from './StatusChip.tsx';

/** Payments, newest first. Read-only: money moves only through the command endpoints. */
export const PaymentList = () => (
  <List filters={paymentFilters} sort={{ field: 'created_at', order: 'DESC' }} perPage={25} exporter={false}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="identifier" sx={{ fontFamily: 'monospace' }} />
      <TextField source="order_number" sortable={false} />
      <DateField source="created_at" showTime />
      <StatusChip source="status" />
      <FraudStatusChip source="fraud_status" />
      <ReferenceField source="payment_method_id" reference="payment-methods" link={false} />
      <TextField source="billing_email" />
      <CardField label="resources.payments.fields.card" sortable={false} />
      <MoneyField source="total" />
      <MoneyField source="captured_amount" />
      <MoneyField source="refunded_amount" />
    </Datagrid>
  </List>
);

export default PaymentList;
