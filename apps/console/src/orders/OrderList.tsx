import { Datagrid, List, SelectField, TextField } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { compactDatagridSx } from '../common/listStyles.ts';
import { TruncatedTextField } from '../common/TruncatedTextField.tsx';
import { MoneyField } from '../money/MoneyField.tsx';
import { orderFilters, orderStateChoices } from './orderFilters.tsx';
import { PaymentStateChip } from './PaymentStateChip.tsx';

export const OrderList = () => (
  <List filters={orderFilters} sort={{ field: 'created_at', order: 'DESC' }} perPage={25} exporter={false}>
    <Datagrid rowClick="show" bulkActionButtons={false} size="small" sx={compactDatagridSx}>
      <TextField source="number" sx={{ fontFamily: 'monospace' }} />
      <DateTimeField source="created_at" />
      <TruncatedTextField source="email" maxWidth={260} />
      <SelectField source="state" choices={orderStateChoices} />
      <MoneyField source="total" />
      <MoneyField source="payment_total" />
      <PaymentStateChip source="payment_state" />
    </Datagrid>
  </List>
);

export default OrderList;
