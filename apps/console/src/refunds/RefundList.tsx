import { REFUND_STATUSES } from '@paydesk/domain';
import { Datagrid, DateInput, ReferenceField, ReferenceInput, SelectArrayInput, SelectInput } from 'react-admin';
import { choicesOf } from '../common/choices.ts';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { ExportableList } from '../common/ExportCsvButton.tsx';
import { compactDatagridSx } from '../common/listStyles.ts';
import { TruncatedTextField } from '../common/TruncatedTextField.tsx';
import { MoneyField } from '../money/MoneyField.tsx';
import { RefundStatusChip } from './RefundStatusChip.tsx';

export const refundStatusChoices = choicesOf(REFUND_STATUSES, 'paydesk.refund_status');

const filters = [
  <SelectArrayInput key="status" source="status" choices={refundStatusChoices} alwaysOn sx={{ minWidth: 160 }} />,
  <ReferenceInput key="reason_id" source="reason_id" reference="refund-reasons" sort={{ field: 'name', order: 'ASC' }}>
    <SelectInput optionText="name" />
  </ReferenceInput>,
  <DateInput key="created_at_gte" source="created_at_gte" />,
  <DateInput key="created_at_lte" source="created_at_lte" />,
];

/** Refunds, read-only: they are issued from a payment (a command), never written here. */
export const RefundList = () => (
  <ExportableList filters={filters}>
    <Datagrid rowClick="show" bulkActionButtons={false} size="small" sx={compactDatagridSx}>
      <DateTimeField source="created_at" />
      <ReferenceField source="payment_id" reference="payments" link="show" />
      <MoneyField source="amount" />
      <ReferenceField source="reason_id" reference="refund-reasons" link={false} />
      <RefundStatusChip source="status" />
      <TruncatedTextField source="note" sortable={false} maxWidth={360} />
    </Datagrid>
  </ExportableList>
);

export default RefundList;
