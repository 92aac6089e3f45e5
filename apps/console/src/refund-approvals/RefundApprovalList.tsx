import { Datagrid, List, ReferenceField, SelectField, SelectInput, TextField } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { compactDatagridSx } from '../common/listStyles.ts';
import { TruncatedTextField } from '../common/TruncatedTextField.tsx';
import { MoneyField } from '../money/MoneyField.tsx';
import { ApprovalDecisionButtons } from './ApprovalDecisionButtons.tsx';

export const approvalStatusChoices = [
  { id: 'pending', name: 'paydesk.refund_approvals.status.pending' },
  { id: 'approved', name: 'paydesk.refund_approvals.status.approved' },
  { id: 'rejected', name: 'paydesk.refund_approvals.status.rejected' },
];

const filters = [<SelectInput key="status" source="status" choices={approvalStatusChoices} alwaysOn />];

/** The approvals inbox: refunds waiting for a second person, oldest first, with the decision on each row. */
export const RefundApprovalList = () => (
  <List
    filters={filters}
    filterDefaultValues={{ status: 'pending' }}
    sort={{ field: 'created_at', order: 'ASC' }}
    perPage={25}
    exporter={false}
  >
    <Datagrid rowClick={false} bulkActionButtons={false} size="small" sx={compactDatagridSx}>
      <DateTimeField source="created_at" />
      <ReferenceField source="payment_id" reference="payments" link="show" />
      <MoneyField source="amount" />
      <TextField source="requested_by_name" sortable={false} />
      <TextField source="reason_name" sortable={false} />
      <TruncatedTextField source="note" sortable={false} maxWidth={280} />
      <SelectField source="status" choices={approvalStatusChoices} />
      <ApprovalDecisionButtons />
    </Datagrid>
  </List>
);

export default RefundApprovalList;
