import { BooleanInput, Datagrid, DateInput, List, NumberField, SelectArrayInput, TextInput } from 'react-admin';
import { choicesOf } from '../common/choices.ts';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { compactDatagridSx } from '../common/listStyles.ts';
import { TruncatedTextField } from '../common/TruncatedTextField.tsx';
import { CALLBACK_STATUSES, CallbackStatusChip, ShortTokenField } from './fields.tsx';

const statusChoices = choicesOf(CALLBACK_STATUSES, 'paydesk.callbacks.status');

/** The API knows `failing` only as "true": a switch that is either that or absent. */
const failingFormat = (value: unknown) => value === 'true' || value === true;
const failingParse = (value: unknown) => (value ? 'true' : undefined);

const filters = [
  <SelectArrayInput key="status" source="status" choices={statusChoices} alwaysOn sx={{ minWidth: 160 }} />,
  <BooleanInput key="failing" source="failing" format={failingFormat} parse={failingParse} alwaysOn />,
  <TextInput key="payment_id" source="payment_id" parse={(value: string) => value.replace(/\D/g, '')} />,
  <TextInput key="transaction_id" source="transaction_id" parse={(value: string) => value.replace(/\D/g, '')} />,
  <DateInput key="created_at_gte" source="created_at_gte" />,
  <DateInput key="created_at_lte" source="created_at_lte" />,
];

/** Signed callbacks to storefronts, newest first: which were delivered, which are still being retried, which gave up. */
export const CallbackDeliveryList = () => (
  <List filters={filters} sort={{ field: 'created_at', order: 'DESC' }} perPage={25} exporter={false}>
    <Datagrid rowClick="show" bulkActionButtons={false} size="small" sx={compactDatagridSx}>
      <DateTimeField source="created_at" />
      <ShortTokenField source="token" sortable={false} />
      <CallbackStatusChip source="status" />
      <NumberField source="last_response_code" sortable={false} emptyText="—" options={{ useGrouping: false }} />
      <NumberField source="attempts" />
      <DateTimeField source="next_attempt_at" sortable={false} emptyText="—" />
      <TruncatedTextField source="url" sortable={false} maxWidth={320} />
    </Datagrid>
  </List>
);

export default CallbackDeliveryList;
