import { Datagrid, List, ReferenceField, SelectInput, TextField } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { compactDatagridSx } from '../common/listStyles.ts';
import { KeyPrefixField, KeyStatusField } from './fields.tsx';
import { RevokeButton } from './RevokeButton.tsx';

const revokedChoices = [
  { id: 'false', name: 'paydesk.api_keys.status.live' },
  { id: 'true', name: 'paydesk.api_keys.status.revoked' },
];

const filters = [<SelectInput key="revoked" source="revoked" choices={revokedChoices} alwaysOn />];

/** Storefronts' API keys (admins only): only a prefix of each key is ever shown again. */
export const ApiKeyList = () => (
  <List filters={filters} sort={{ field: 'created_at', order: 'DESC' }} perPage={25} exporter={false}>
    <Datagrid rowClick={false} bulkActionButtons={false} size="small" sx={compactDatagridSx}>
      <TextField source="name" />
      <KeyPrefixField source="key_prefix" sortable={false} />
      <KeyStatusField source="revoked_at" />
      <DateTimeField source="created_at" />
      <ReferenceField source="created_by" reference="staff-users" link={false} emptyText="—" sortable={false} />
      <DateTimeField source="last_used_at" emptyText="paydesk.api_keys.never_used" />
      <RevokeButton />
    </Datagrid>
  </List>
);

export default ApiKeyList;
