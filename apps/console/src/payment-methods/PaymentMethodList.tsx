import { BooleanInput, Datagrid, List, SelectField, SelectInput, TextField } from 'react-admin';
import { QuickSearchInput } from '../common/QuickSearchInput.tsx';
import { YesNoField } from '../common/YesNoField.tsx';
import { AutoCaptureField } from './autoCapture.tsx';
import { paymentMethodTypeChoices } from './PaymentMethodForm.tsx';
import { DateTimeField } from '../common/DateTimeField.tsx';

const filters = [
  <QuickSearchInput key="q" source="q" alwaysOn placeholder="paydesk.search.payment_methods" />,
  <SelectInput key="type" source="type" choices={paymentMethodTypeChoices} />,
  <BooleanInput key="active" source="active" defaultValue />,
];

export const PaymentMethodList = () => (
  <List filters={filters} sort={{ field: 'name', order: 'ASC' }} exporter={false}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="name" />
      <SelectField source="type" choices={paymentMethodTypeChoices} />
      <YesNoField source="active" />
      <YesNoField source="available_to_users" />
      <YesNoField source="available_to_admin" />
      <AutoCaptureField source="auto_capture" />
      <DateTimeField source="created_at" />
    </Datagrid>
  </List>
);

export default PaymentMethodList;
