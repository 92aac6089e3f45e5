import { BooleanInput, Datagrid, List, SelectInput, TextField, useCanAccess } from 'react-admin';
import { currencyChoices } from '../common/choices.ts';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { compactDatagridSx } from '../common/listStyles.ts';
import { QuickSearchInput } from '../common/QuickSearchInput.tsx';
import { MoneyField } from '../money/MoneyField.tsx';
import { ActiveToggle } from './ActiveToggle.tsx';

const filters = [
  <QuickSearchInput key="q" source="q" alwaysOn placeholder="paydesk.products.search" />,
  <SelectInput key="currency" source="currency" choices={currencyChoices} />,
  <BooleanInput key="active" source="active" defaultValue />,
];

/** What storefronts sell through the intake API; admins add, edit and (de)activate them. */
export const ProductList = () => {
  const { canAccess: canEdit } = useCanAccess({ resource: 'products', action: 'edit' });
  return (
    <List filters={filters} sort={{ field: 'name', order: 'ASC' }} perPage={25} exporter={false}>
      <Datagrid rowClick={canEdit ? 'edit' : false} bulkActionButtons={false} size="small" sx={compactDatagridSx}>
        <TextField source="id" />
        <TextField source="name" />
        <MoneyField source="price" />
        <TextField source="currency" />
        <ActiveToggle source="active" />
        <DateTimeField source="created_at" />
        <DateTimeField source="updated_at" sortable={false} />
      </Datagrid>
    </List>
  );
};

export default ProductList;
