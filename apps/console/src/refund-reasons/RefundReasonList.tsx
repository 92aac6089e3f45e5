import { BooleanInput, Datagrid, List, TextField } from 'react-admin';
import { QuickSearchInput } from '../common/QuickSearchInput.tsx';
import { YesNoField } from '../common/YesNoField.tsx';

const filters = [
  <QuickSearchInput key="q" source="q" alwaysOn placeholder="paydesk.search.refund_reasons" />,
  <BooleanInput key="active" source="active" defaultValue />,
];

export const RefundReasonList = () => (
  <List filters={filters} sort={{ field: 'name', order: 'ASC' }} exporter={false}>
    <Datagrid rowClick="edit" bulkActionButtons={false}>
      <TextField source="name" />
      <TextField source="code" sx={{ fontFamily: 'monospace' }} />
      <YesNoField source="active" />
    </Datagrid>
  </List>
);

export default RefundReasonList;
