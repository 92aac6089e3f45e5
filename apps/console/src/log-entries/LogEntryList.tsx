import { GATEWAY_ACTIONS } from '@paydesk/domain';
import { Datagrid, DateInput, ReferenceField, ReferenceInput, SelectField, SelectInput, TextField } from 'react-admin';
import { choicesOf, yesNoChoices } from '../common/choices.ts';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { ExportableList } from '../common/ExportCsvButton.tsx';
import { QuickSearchInput } from '../common/QuickSearchInput.tsx';
import { compactDatagridSx } from '../common/listStyles.ts';
import { TruncatedTextField } from '../common/TruncatedTextField.tsx';
import { MoneyField } from '../money/MoneyField.tsx';
import { SuccessChip } from './SuccessChip.tsx';

export const gatewayActionChoices = choicesOf(GATEWAY_ACTIONS, 'paydesk.gateway_action');

const filters = [
  <QuickSearchInput key="q" source="q" alwaysOn placeholder="paydesk.search.log_entries" />,
  <SelectInput key="success" source="success" choices={yesNoChoices} alwaysOn />,
  <SelectInput key="action" source="action" choices={gatewayActionChoices} alwaysOn />,
  <ReferenceInput
    key="payment_method_id"
    source="payment_method_id"
    reference="payment-methods"
    sort={{ field: 'name', order: 'ASC' }}
  >
    <SelectInput optionText="name" />
  </ReferenceInput>,
  <DateInput key="created_at_gte" source="created_at_gte" />,
  <DateInput key="created_at_lte" source="created_at_lte" />,
];

/** Every gateway call, whatever its outcome: what finance reads to explain a payment. */
export const LogEntryList = () => (
  <ExportableList filters={filters}>
    <Datagrid rowClick="show" bulkActionButtons={false} size="small" sx={compactDatagridSx}>
      <DateTimeField source="created_at" precise />
      <SelectField source="action" choices={gatewayActionChoices} />
      <SuccessChip source="success" />
      <MoneyField source="amount" />
      <ReferenceField source="payment_id" reference="payments" link="show" />
      <TruncatedTextField source="message" sortable={false} maxWidth={360} />
      <TextField source="error_code" sortable={false} />
    </Datagrid>
  </ExportableList>
);

export default LogEntryList;
