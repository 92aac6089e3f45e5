import { Datagrid, FilterButton, List, ReferenceField, TextField, TopToolbar, useCanAccess } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { compactDatagridSx } from '../common/listStyles.ts';
import { TruncatedTextField } from '../common/TruncatedTextField.tsx';
import { MoneyField } from '../money/MoneyField.tsx';
import { CaptureAllMatchingButton, CaptureSelectedButton } from '../capture-runs/CaptureRunButtons.tsx';
import { CardField } from './CardField.tsx';
import { FraudStatusChip } from './FraudStatusChip.tsx';
import { paymentFilters } from './paymentFilters.tsx';
import { StatusChip } from './StatusChip.tsx';

const HIDDEN_FRAUD = ['unknown'] as const;

/**
 * Payments, newest first. Money moves only through the command endpoints: here, "Capture N payments" for the
 * selection or all that match the filters: a capture run (its preview says what it leaves out and why).
 */
export const PaymentList = () => {
  // Row selection only for those who may capture (operators, admins).
  const { canAccess: canBulkCapture } = useCanAccess({ resource: 'capture-runs', action: 'create' });
  return (
    <List
      filters={paymentFilters}
      sort={{ field: 'created_at', order: 'DESC' }}
      perPage={25}
      exporter={false}
      actions={
        <TopToolbar>
          <FilterButton />
          <CaptureAllMatchingButton />
        </TopToolbar>
      }
    >
      <Datagrid
        rowClick="show"
        bulkActionButtons={canBulkCapture ? <CaptureSelectedButton /> : false}
        size="small"
        sx={compactDatagridSx}
      >
        <TextField source="identifier" sx={{ fontFamily: 'monospace' }} />
        <TextField source="order_number" sortable={false} />
        <DateTimeField source="created_at" />
        <StatusChip source="status" />
        <FraudStatusChip source="fraud_status" hideValues={HIDDEN_FRAUD} />
        <ReferenceField source="payment_method_id" reference="payment-methods" link={false}>
          <TruncatedTextField source="name" maxWidth={120} />
        </ReferenceField>
        <TruncatedTextField source="billing_email" maxWidth={160} />
        <CardField label="resources.payments.fields.card" sortable={false} />
        <MoneyField source="total" />
        <MoneyField source="captured_amount" />
        <MoneyField source="refunded_amount" />
      </Datagrid>
    </List>
  );
};

export default PaymentList;
