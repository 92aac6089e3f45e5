import { Datagrid, List, NumberField, NumberInput, SelectArrayInput, TextField } from 'react-admin';
import { choicesOf } from '../common/choices.ts';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { compactDatagridSx } from '../common/listStyles.ts';
import { TruncatedTextField } from '../common/TruncatedTextField.tsx';
import { CALLBACK_STATUSES, CallbackStatusChip } from '../callback-deliveries/fields.tsx';
import { ALERT_EVENTS, AlertEventChip, AlertSignalField } from './fields.tsx';

const statusChoices = choicesOf(CALLBACK_STATUSES, 'paydesk.callbacks.status');
const eventChoices = choicesOf(ALERT_EVENTS, 'paydesk.alert_deliveries.event');

const filters = [
  <SelectArrayInput key="status" source="status" choices={statusChoices} alwaysOn sx={{ minWidth: 160 }} />,
  <SelectArrayInput key="event" source="event" choices={eventChoices} alwaysOn sx={{ minWidth: 160 }} />,
  <NumberInput key="episode_id" source="episode_id" />,
];

/**
 * Spike alerts sent to the alert_webhook_urls, newest first: for each episode's start and end, each URL's
 * delivery — how many attempts, the last HTTP code and error, and when it is tried next.
 */
export const AlertDeliveryList = () => (
  <List filters={filters} sort={{ field: 'created_at', order: 'DESC' }} perPage={25} exporter={false}>
    <Datagrid rowClick="show" bulkActionButtons={false} size="small" sx={compactDatagridSx}>
      <DateTimeField source="created_at" />
      <TextField source="episode_id" sortable={false} />
      <AlertSignalField label="resources.monitoring/alert-deliveries.fields.signal" sortable={false} />
      <AlertEventChip source="event" sortable={false} />
      <CallbackStatusChip source="status" />
      <NumberField source="attempts" sortable={false} />
      <NumberField source="last_response_code" sortable={false} emptyText="—" options={{ useGrouping: false }} />
      <TruncatedTextField source="last_error" sortable={false} maxWidth={240} emptyText="—" />
      <DateTimeField source="next_attempt_at" sortable={false} emptyText="—" />
      <TruncatedTextField source="url" sortable={false} maxWidth={280} />
    </Datagrid>
  </List>
);

export default AlertDeliveryList;
