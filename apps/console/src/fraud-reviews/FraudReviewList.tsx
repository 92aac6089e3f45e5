import { Datagrid, List, NumberField, TextField, type Identifier } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { compactDatagridSx } from '../common/listStyles.ts';
import { TruncatedTextField } from '../common/TruncatedTextField.tsx';
import { QuickSearchInput } from '../common/QuickSearchInput.tsx';
import { MoneyField } from '../money/MoneyField.tsx';
import { CardField } from '../payments/CardField.tsx';

const filters = [<QuickSearchInput key="q" source="q" alwaysOn placeholder="paydesk.search.payments" />];

/** The analysts' queue links to the payment itself, where the decision is made. */
export const fraudReviewPath = (id: Identifier) => `/payments/${id}/show`;

/** Payments the fraud service marked `review`, oldest first: the longest-waiting customer comes first. */
export const FraudReviewList = () => (
  <List filters={filters} sort={{ field: 'created_at', order: 'ASC' }} perPage={25} exporter={false}>
    <Datagrid rowClick={fraudReviewPath} bulkActionButtons={false} size="small" sx={compactDatagridSx}>
      <TextField source="identifier" sx={{ fontFamily: 'monospace' }} />
      <DateTimeField source="created_at" />
      <MoneyField source="total" />
      <NumberField source="risk_score" />
      <TruncatedTextField source="fraud_message" sortable={false} maxWidth={380} />
      <TruncatedTextField source="billing_email" maxWidth={220} />
      <CardField label="resources.fraud-reviews.fields.card" sortable={false} />
    </Datagrid>
  </List>
);

export default FraudReviewList;
