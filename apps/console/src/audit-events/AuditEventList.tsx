import {
  Datagrid,
  DateInput,
  ReferenceField,
  ReferenceInput,
  SelectField,
  SelectInput,
  TextField,
  TextInput,
} from 'react-admin';
import { choicesOf } from '../common/choices.ts';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { ExportableList } from '../common/ExportCsvButton.tsx';
import { compactDatagridSx } from '../common/listStyles.ts';
import { MoneyField } from '../money/MoneyField.tsx';

const outcomeChoices = choicesOf(['succeeded', 'refused', 'denied', 'failed'], 'paydesk.audit_outcome');

const filters = [
  <ReferenceInput
    key="staff_user_id"
    source="staff_user_id"
    reference="staff-users"
    sort={{ field: 'full_name', order: 'ASC' }}
    alwaysOn
  >
    <SelectInput optionText="full_name" />
  </ReferenceInput>,
  <TextInput key="action" source="action" />,
  <TextInput key="resource" source="resource" />,
  <TextInput key="record_id" source="record_id" />,
  <SelectInput key="outcome" source="outcome" choices={outcomeChoices} alwaysOn />,
  <DateInput key="created_at_gte" source="created_at_gte" />,
  <DateInput key="created_at_lte" source="created_at_lte" />,
];

/** Every staff command (successful, refused or denied): append-only, read-only here. */
export const AuditEventList = () => (
  <ExportableList filters={filters}>
    <Datagrid rowClick={false} bulkActionButtons={false} size="small" sx={compactDatagridSx}>
      <DateTimeField source="created_at" precise />
      <ReferenceField source="staff_user_id" reference="staff-users" link={false} emptyText="—" />
      <TextField source="action" />
      <TextField source="resource" emptyText="—" sortable={false} />
      <TextField source="record_id" emptyText="—" sortable={false} />
      <SelectField source="outcome" choices={outcomeChoices} />
      <MoneyField source="amount" emptyText="—" sortable={false} />
      <TextField source="ip" emptyText="—" sortable={false} />
    </Datagrid>
  </ExportableList>
);

export default AuditEventList;
