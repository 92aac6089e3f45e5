import {
  Datagrid,
  FilterButton,
  List,
  ReferenceField,
  ReferenceInput,
  SelectInput,
  TextField,
  TopToolbar,
  useCanAccess,
  type Identifier,
} from 'react-admin';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { Empty } from '../common/Empty.tsx';
import { compactDatagridSx } from '../common/listStyles.ts';
import { QuickSearchInput } from '../common/QuickSearchInput.tsx';
import { TruncatedTextField } from '../common/TruncatedTextField.tsx';
import { MoneyField } from '../money/MoneyField.tsx';
import { FraudStatusChip } from '../payments/FraudStatusChip.tsx';
import { CaptureAllMatchingButton, CaptureSelectedButton } from '../capture-runs/CaptureRunButtons.tsx';
import { AuthorizationAgeField, AuthorizationExpiryField } from './AuthorizationFields.tsx';
import { useNow } from './duration.ts';

const PREAUTH = { status: ['preauth'] };
/** Held for fraud review or rejected: capture will be refused, so it shows. "No fraud check" is noise here. */
const HIDDEN_FRAUD = ['unknown', 'accept'] as const;

const filters = [
  <QuickSearchInput key="q" source="q" alwaysOn placeholder="paydesk.search.payments" />,
  <ReferenceInput
    key="payment_method_id"
    source="payment_method_id"
    reference="payment-methods"
    sort={{ field: 'name', order: 'ASC' }}
  >
    <SelectInput optionText="name" />
  </ReferenceInput>,
  // The dashboard links here with it: the authorizations that lapse within 24 hours (the BFF's payments filter).
  <SelectInput
    key="expiring_within"
    source="expiring_within"
    label="paydesk.capture_queue.expiring_within"
    choices={[{ id: '24h', name: 'paydesk.capture_queue.expiring_choices.24h' }]}
  />,
];

const paymentPath = (id: Identifier) => `/payments/${id}/show`;

/**
 * Payments waiting for capture (status preauth), oldest first: those are the closest to losing their
 * authorization. Capture the selected ones, or all that the filters match, as a capture run; a row opens the payment.
 */
export const CaptureQueue = () => {
  const now = useNow();
  const { canAccess: canBulkCapture } = useCanAccess({ resource: 'capture-runs', action: 'create' });
  return (
    <List
      resource="payments"
      storeKey="capture-queue"
      filter={PREAUTH}
      filters={filters}
      sort={{ field: 'created_at', order: 'ASC' }}
      perPage={25}
      exporter={false}
      actions={
        <TopToolbar>
          <FilterButton />
          <CaptureAllMatchingButton />
        </TopToolbar>
      }
      title="paydesk.capture_queue.title"
      empty={<Empty message="paydesk.capture_queue.empty" />}
    >
      <Datagrid
        rowClick={paymentPath}
        bulkActionButtons={canBulkCapture ? <CaptureSelectedButton /> : false}
        size="small"
        sx={compactDatagridSx}
        empty={<Empty message="paydesk.capture_queue.empty" />}
      >
        <TextField source="identifier" sx={{ fontFamily: 'monospace' }} />
        <DateTimeField source="created_at" />
        <AuthorizationAgeField label="paydesk.capture_queue.age" sortable={false} now={now} />
        <AuthorizationExpiryField label="paydesk.capture_queue.time_left" sortable={false} now={now} />
        <MoneyField source="total" />
        <FraudStatusChip source="fraud_status" hideValues={HIDDEN_FRAUD} />
        <ReferenceField source="payment_method_id" reference="payment-methods" link={false}>
          <TruncatedTextField source="name" maxWidth={200} />
        </ReferenceField>
        <TruncatedTextField source="billing_email" maxWidth={220} />
      </Datagrid>
    </List>
  );
};

export default CaptureQueue;
