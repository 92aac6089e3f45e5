import HistoryIcon from '@mui/icons-material/History';
import { lazy, Suspense, useState } from 'react';
import {
  Button,
  Datagrid,
  FilterButton,
  List,
  NumberField,
  NumberInput,
  ReferenceInput,
  SelectInput,
  TextField,
  TopToolbar,
} from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import { useNow } from '../capture-queue/duration.ts';
import { choicesOf, currencyChoices } from '../common/choices.ts';
import { Empty } from '../common/Empty.tsx';
import { compactDatagridSx } from '../common/listStyles.ts';
import { QuickSearchInput } from '../common/QuickSearchInput.tsx';
import { TruncatedTextField } from '../common/TruncatedTextField.tsx';
import { MoneyField } from '../money/MoneyField.tsx';
import { AmountFilterInput } from '../money/AmountFilterInput.tsx';
import { refreshPaymentData } from '../payment-actions/useCommand.ts';
import { CardField } from '../payments/CardField.tsx';
import { StatusChip } from '../payments/StatusChip.tsx';
import { BulkDecisionContext, type BulkDecisionRequest } from './bulkDecision.ts';
import { BulkFraudDecisionButtons } from './BulkFraudDecisionButtons.tsx';
import { AgeField, ClaimField, CountryField } from './fields.tsx';
import { reviewPath, useAnalyst } from './review.ts';
import { SavedViewsButton } from '../common/SavedViews.tsx';

const BulkFraudDecisionDialog = lazy(() => import('./BulkFraudDecisionDialog.tsx'));

/** Claims change as colleagues work: the queue asks again this often. */
const POLL_MS = 30_000;

/** The BFF's `claimed` filter; no value ("Anyone") shows every review, each with who holds it. */
export const CLAIMED_VALUES = ['me', 'unclaimed', 'others'] as const;

const filters = [
  <QuickSearchInput key="q" source="q" alwaysOn placeholder="paydesk.search.payments" />,
  <SelectInput
    key="claimed"
    source="claimed"
    choices={choicesOf(CLAIMED_VALUES, 'paydesk.fraud_review.claimed')}
    emptyText="paydesk.fraud_review.claimed.anyone"
    // No value reads "Anyone" (every review, each with who holds it), rather than a blank box.
    slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
    alwaysOn
  />,
  <ReferenceInput
    key="payment_method_id"
    source="payment_method_id"
    reference="payment-methods"
    sort={{ field: 'name', order: 'ASC' }}
  >
    <SelectInput optionText="name" />
  </ReferenceInput>,
  <SelectInput key="currency" source="currency" choices={currencyChoices} />,
  <AmountFilterInput key="total_gte" source="total_gte" />,
  <AmountFilterInput key="total_lte" source="total_lte" />,
  <NumberInput key="risk_score_gte" source="risk_score_gte" min={0} max={100} />,
  <NumberInput key="risk_score_lte" source="risk_score_lte" min={0} max={100} />,
];

const QueueActions = () => (
  <TopToolbar>
    <FilterButton />
    <SavedViewsButton />
    <Button to="/fraud-decisions" label="paydesk.fraud_review.history">
      <HistoryIcon />
    </Button>
  </TopToolbar>
);

/**
 * The fraud analysts' queue: payments the fraud service marked `review`, oldest first (the longest-waiting
 * customer comes first), with who is working on each. A row opens the review; selected rows can be accepted
 * or rejected at once.
 */
export const FraudReviewList = () => {
  const now = useNow(30_000);
  const { mayDecide } = useAnalyst();
  const queryClient = useQueryClient();
  const [bulk, setBulk] = useState<BulkDecisionRequest | null>(null);

  const closeBulk = (done: boolean) => {
    const request = bulk;
    setBulk(null);
    if (done && request) {
      request.unselect();
      void refreshPaymentData(queryClient);
    }
  };

  return (
    <BulkDecisionContext.Provider value={setBulk}>
      <List
        resource="fraud-reviews"
        filters={filters}
        actions={<QueueActions />}
        sort={{ field: 'created_at', order: 'ASC' }}
        perPage={25}
        exporter={false}
        queryOptions={{ refetchInterval: POLL_MS }}
        empty={<Empty message="paydesk.fraud_review.empty" />}
      >
        <Datagrid
          rowClick={reviewPath}
          bulkActionButtons={mayDecide ? <BulkFraudDecisionButtons /> : false}
          size="small"
          sx={compactDatagridSx}
          empty={<Empty message="paydesk.fraud_review.empty_filtered" />}
        >
          <TextField source="identifier" sx={{ fontFamily: 'monospace' }} />
          <AgeField label="resources.fraud-reviews.fields.age" sortBy="created_at" now={now} />
          <ClaimField label="resources.fraud-reviews.fields.claimed_by" sortable={false} now={now} />
          <MoneyField source="total" />
          <NumberField source="risk_score" />
          {/* preauth or confirmed: what a reject does with the money (void or refund). */}
          <StatusChip source="status" />
          <TruncatedTextField source="fraud_message" sortable={false} maxWidth={240} />
          <CountryField label="resources.fraud-reviews.fields.country" sortable={false} />
          <CardField label="resources.fraud-reviews.fields.card" sortable={false} />
          <TruncatedTextField source="billing_email" maxWidth={180} />
          <TextField source="order_number" sortable={false} />
          <TruncatedTextField source="payment_method_name" sortable={false} maxWidth={160} />
        </Datagrid>
      </List>
      {bulk ? (
        <Suspense fallback={null}>
          <BulkFraudDecisionDialog decision={bulk.decision} ids={bulk.ids} records={bulk.records} onClose={closeBulk} />
        </Suspense>
      ) : null}
    </BulkDecisionContext.Provider>
  );
};

export default FraudReviewList;
