import useMediaQuery from '@mui/material/useMediaQuery';
import { Datagrid, FilterButton, List, ReferenceField, TextField, TopToolbar, useCanAccess } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { ExportCsvButton } from '../common/ExportCsvButton.tsx';
import { SavedViewsButton } from '../common/SavedViews.tsx';
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
 * Widths at which columns join the table, so that money is never off-screen: from 1280 px every money column
 * shows; the order number and payment method from 1600 px; below 1280 px a compact table keeps identifier, time,
 * status and the total with its currency (the payment's page has the rest).
 */
const FULL = '(min-width: 1600px)';
const WIDE = '(min-width: 1280px)';

/**
 * Payments, newest first. Money moves only through the command endpoints: here, "Capture N payments" for the
 * selection or all that match the filters: a capture run (its preview says what it leaves out and why).
 */
export const PaymentList = () => {
  // Row selection only for those who may capture (operators, admins).
  const { canAccess: canBulkCapture } = useCanAccess({ resource: 'capture-runs', action: 'create' });
  const full = useMediaQuery(FULL);
  const wide = useMediaQuery(WIDE);
  return (
    <List
      filters={paymentFilters}
      sort={{ field: 'created_at', order: 'DESC' }}
      perPage={25}
      exporter={false}
      actions={
        <TopToolbar>
          <FilterButton />
          <SavedViewsButton />
          <CaptureAllMatchingButton />
          <ExportCsvButton />
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
        {full && <TextField source="order_number" sortable={false} />}
        <DateTimeField source="created_at" />
        <StatusChip source="status" />
        <FraudStatusChip source="fraud_status" hideValues={HIDDEN_FRAUD} />
        {full && (
          <ReferenceField source="payment_method_id" reference="payment-methods" link={false}>
            <TruncatedTextField source="name" maxWidth={120} />
          </ReferenceField>
        )}
        {wide && <TruncatedTextField source="billing_email" maxWidth={160} />}
        {wide && <CardField label="resources.payments.fields.card" sortable={false} short />}
        <MoneyField source="total" />
        {wide && <MoneyField source="captured_amount" />}
        {wide && <MoneyField source="refunded_amount" />}
      </Datagrid>
    </List>
  );
};

export default PaymentList;
