import { Datagrid, SelectField, TextField } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { ExportableList } from '../common/ExportCsvButton.tsx';
import { compactDatagridSx } from '../common/listStyles.ts';
import { TruncatedTextField } from '../common/TruncatedTextField.tsx';
import { MoneyField } from '../money/MoneyField.tsx';
import { orderFilters, orderStateChoices } from './orderFilters.tsx';
import { PaymentStateChip } from './PaymentStateChip.tsx';

export const OrderList = () => (
  <ExportableList filters={orderFilters}>
    <Datagrid rowClick="show" bulkActionButtons={false} size="small" sx={compactDatagridSx}>
      <TextField source="number" sx={{ fontFamily: 'monospace' }} />
      <DateTimeField source="created_at" />
      <TruncatedTextField source="email" maxWidth={260} />
      <SelectField source="state" choices={orderStateChoices} />
      <MoneyField source="total" />
      <MoneyField source="payment_total" />
      <PaymentStateChip source="payment_state" />
    </Datagrid>
  </ExportableList>
);

export default OrderList;
