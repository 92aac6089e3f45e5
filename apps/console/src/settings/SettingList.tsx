import { Datagrid, List, TextField } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { JsonField } from '../common/JsonField.tsx';

/** Store settings as the API holds them (key → JSON value); read-only for now. */
export const SettingList = () => (
  <List sort={{ field: 'id', order: 'ASC' }} exporter={false} pagination={false} perPage={100}>
    <Datagrid rowClick={false} bulkActionButtons={false}>
      <TextField source="id" sortable={false} sx={{ fontFamily: 'monospace' }} />
      <JsonField source="value" compact sortable={false} />
      <TextField source="description" sortable={false} />
      <DateTimeField source="updated_at" sortable={false} emptyText="—" />
    </Datagrid>
  </List>
);

export default SettingList;
