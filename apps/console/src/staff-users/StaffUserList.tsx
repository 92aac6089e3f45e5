import { STAFF_ROLES } from '@paydesk/domain';
import { BooleanInput, Datagrid, List, SelectField, SelectInput, TextField } from 'react-admin';
import { choicesOf } from '../common/choices.ts';
import { QuickSearchInput } from '../common/QuickSearchInput.tsx';
import { YesNoField } from '../common/YesNoField.tsx';
import { DateTimeField } from '../common/DateTimeField.tsx';

export const staffRoleChoices = choicesOf(STAFF_ROLES, 'paydesk.staff_role');

const filters = [
  <QuickSearchInput key="q" source="q" alwaysOn placeholder="paydesk.search.staff_users" />,
  <SelectInput key="role" source="role" choices={staffRoleChoices} />,
  <BooleanInput key="active" source="active" defaultValue />,
];

export const StaffUserList = () => (
  <List filters={filters} sort={{ field: 'full_name', order: 'ASC' }} exporter={false}>
    <Datagrid rowClick={false} bulkActionButtons={false}>
      <TextField source="full_name" />
      <TextField source="email" />
      <SelectField source="role" choices={staffRoleChoices} />
      <YesNoField source="active" />
      <DateTimeField source="created_at" />
    </Datagrid>
  </List>
);

export default StaffUserList;
