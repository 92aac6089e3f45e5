import {
  BooleanInput,
  Datagrid,
  EditButton,
  List,
  SelectField,
  SelectInput,
  TextField,
  useCanAccess,
} from 'react-admin';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { QuickSearchInput } from '../common/QuickSearchInput.tsx';
import { ActiveToggleButton } from './ActiveToggleButton.tsx';
import { ResetPasswordButton } from './ResetPasswordButton.tsx';
import { staffRoleChoices } from './roles.ts';
import { StaffStateField } from './StaffStateField.tsx';

const filters = [
  <QuickSearchInput key="q" source="q" alwaysOn placeholder="paydesk.search.staff_users" />,
  <SelectInput key="role" source="role" choices={staffRoleChoices} />,
  <BooleanInput key="active" source="active" defaultValue />,
];

/** Each account with its role and whether it is active, locked or deactivated; admins get the actions. */
export const StaffUserList = () => {
  const { canAccess: canEdit } = useCanAccess({ resource: 'staff-users', action: 'edit' });
  return (
    <List filters={filters} sort={{ field: 'full_name', order: 'ASC' }} exporter={false}>
      <Datagrid rowClick={false} bulkActionButtons={false}>
        <TextField source="full_name" />
        <TextField source="email" />
        <SelectField source="role" choices={staffRoleChoices} />
        <StaffStateField label="resources.staff-users.fields.state" sortable={false} />
        <DateTimeField source="created_at" />
        {canEdit && <EditButton />}
        {canEdit && <ResetPasswordButton />}
        {canEdit && <ActiveToggleButton />}
      </Datagrid>
    </List>
  );
};

export default StaffUserList;
