import { Datagrid, DateField, List, SelectField, TextField } from 'react-admin';
import { MoneyField } from '../money/MoneyField.tsx';
import { orderFilters, orderStateChoices } from './orderFilters.tsx';
import { PaymentStateChip } from './PaymentStateChip.tsx';

export const OrderList = () => (
  <List filters={orderFilters} sort={{ field: 'created_at', order: 'DESC' }} perPage={25} exporter={false}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="number" sx={{ fontFamily: 'monospace' }} />
      <DateField source="created_at" showTime />
      <TextField source="email" />
      <SelectField source="state" choices={orderStateChoices} />
      <MoneyField source="total" />
      <MoneyField source="payment_total" />
      <PaymentStateChip source="payment_state" />
    </Datagrid>
  </List>
);

export default OrderList;
