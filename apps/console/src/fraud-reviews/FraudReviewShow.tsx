import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import {
  Button,
  HttpError,
  NumberField,
  ReferenceField,
  Show,
  TextField,
  useNotify,
  useParams,
  useDataProvider,
  useRecordContext,
  useRedirect,
  useTranslate,
  type Identifier,
} from 'react-admin';
import { useNow } from '../capture-queue/duration.ts';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { Details, Section, SectionGrid } from '../common/Details.tsx';
import { MoneyField } from '../money/MoneyField.tsx';
import { refreshPaymentData } from '../payment-actions/useCommand.ts';
import { CardExpiryField, CardField } from '../payments/CardField.tsx';
import { FraudStatusChip } from '../payments/FraudStatusChip.tsx';
import { StatusChip } from '../payments/StatusChip.tsx';
import { billingAddressFields } from '../payments/billingFields.tsx';
import type { FraudReview } from '../types.ts';
import { AgeField, ClaimField, CountryField } from './fields.tsx';
import { FraudReviewActions } from './FraudReviewActions.tsx';
import { RelatedPaymentsSection } from './RelatedPayments.tsx';
import { type DecisionOutcome, nextReview, reviewPath } from './review.ts';

const EMPTY = '—';
/** Claims change as colleagues work: the page asks again this often (not while a dialog is open). */
const POLL_MS = 30_000;

export const paymentPath = (id: Identifier) => `/payments/${id}/show`;

/** The review page of `/fraud-reviews/:id/show`. */
export const FraudReviewShow = () => {
  const { id } = useParams<{ id: string }>();
  // A page of its own for each review: moving on to the next one starts afresh.
  return id ? <FraudReviewView key={id} id={id} /> : null;
};

/**
 * One payment under review: what the analyst weighs (risk, customer, card, where they are), who holds it,
 * the other payments it shares an email, card or address with, and the decision buttons. Once decided the
 * review leaves the queue, and the page moves on to the next open review (the queue's order: oldest first),
 * or back to the queue, saying so, when none is left. If returning the money failed, it moves to the payment
 * instead, whose page shows what happened.
 */
export const FraudReviewView = ({ id }: { id: Identifier }) => {
  const notify = useNotify();
  const redirect = useRedirect();
  const dataProvider = useDataProvider();
  const queryClient = useQueryClient();
  const [dialogOpen, setDialogOpen] = useState(false);
  const decided = useRef(false);

  const onDecided = async (outcome: DecisionOutcome) => {
    decided.current = true;
    void refreshPaymentData(queryClient);
    if (outcome === 'money_failed') {
      redirect(paymentPath(id));
      return;
    }
    const next = await nextReview(dataProvider, id).catch(() => undefined);
    if (next !== undefined) {
      redirect(reviewPath(next));
      return;
    }
    notify('paydesk.fraud_review.queue_done', { type: 'info' });
    redirect('list', 'fraud-reviews');
  };
  const onError = (error: unknown) => {
    if (decided.current) return;
    if (error instanceof HttpError && error.status === 404) {
      // Decided by someone else (or never under review): the payment itself says how it ended.
      notify('paydesk.fraud_review.left_queue', { type: 'info' });
      redirect(paymentPath(id));
      return;
    }
    notify('ra.notification.item_doesnt_exist', { type: 'error' });
    redirect('list', 'fraud-reviews');
  };

  return (
    <Show
      resource="fraud-reviews"
      id={id}
      component="div"
      actions={false}
      queryOptions={{ onError, refetchInterval: dialogOpen ? false : POLL_MS }}
      sx={{ '& .RaShow-main': { mt: 1 } }}
    >
      <ReviewDetails onDecided={onDecided} onDialogChange={setDialogOpen} />
    </Show>
  );
};

const ReviewDetails = ({
  onDecided,
  onDialogChange,
}: {
  onDecided: (outcome: DecisionOutcome) => void;
  onDialogChange: (open: boolean) => void;
}) => {
  const record = useRecordContext<FraudReview>();
  const now = useNow(15_000);
  if (!record) return null;
  return (
    <Stack spacing={2}>
      <ReviewHeader now={now} onDecided={onDecided} onDialogChange={onDialogChange} />
      <SectionGrid>
        <Section title="paydesk.fraud_review.sections.risk">
          <Details>
            <NumberField source="risk_score" emptyText={EMPTY} />
            <TextField source="fraud_message" emptyText={EMPTY} />
            <CountryField label="resources.fraud-reviews.fields.country" />
            <TextField source="customer_ip_address" emptyText={EMPTY} />
            <TextField source="customer_ip_country" emptyText={EMPTY} />
            <TextField source="billing_email" emptyText={EMPTY} />
          </Details>
        </Section>
        <Section title="paydesk.fraud_review.sections.customer">
          <Details>{billingAddressFields('fraud-reviews')}</Details>
        </Section>
        <Section title="paydesk.fraud_review.sections.payment">
          <Details>
            <ReferenceField source="order_id" reference="orders" link="show">
              <TextField source="number" />
            </ReferenceField>
            <TextField source="payment_method_name" />
            <StatusChip source="status" />
            <MoneyField source="total" />
            <MoneyField source="captured_amount" />
            <MoneyField source="refundable_amount" />
            <DateTimeField source="created_at" precise />
          </Details>
        </Section>
        <Section title="paydesk.fraud_review.sections.card">
          <Details>
            <CardField label="resources.fraud-reviews.fields.card" />
            <CardExpiryField label="resources.fraud-reviews.fields.card_expiry" />
            <TextField source="transaction_id" emptyText={EMPTY} sx={{ fontFamily: 'monospace' }} />
            <TextField source="message" emptyText={EMPTY} />
          </Details>
        </Section>
      </SectionGrid>
      <RelatedPaymentsSection id={record.id} />
    </Stack>
  );
};

/** Identifier, amount, how long it has waited and who holds it, then the buttons: what an analyst needs first. */
const ReviewHeader = ({
  now,
  onDecided,
  onDialogChange,
}: {
  now: number;
  onDecided: (outcome: DecisionOutcome) => void;
  onDialogChange: (open: boolean) => void;
}) => {
  const record = useRecordContext<FraudReview>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Card>
      <CardContent sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 2 }}>
        <Box sx={{ mr: 'auto' }}>
          <Typography variant="overline" color="text.secondary">
            {translate('resources.fraud-reviews.name', { smart_count: 1 })}
          </Typography>
          <Typography variant="h5" component="h1" sx={{ fontFamily: 'monospace', letterSpacing: 1 }}>
            {record.identifier}
          </Typography>
          <Typography variant="body2" color="text.secondary" component="div">
            {translate('paydesk.fraud_review.header', {
              order: record.order_number,
              method: record.payment_method_name,
            })}
            {' · '}
            {translate('paydesk.fraud_review.waiting')} <AgeField now={now} />
          </Typography>
        </Box>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <StatusChip source="status" />
          <FraudStatusChip source="fraud_status" />
          <ClaimField now={now} showUnclaimed />
        </Stack>
        <Box sx={{ textAlign: 'right' }}>
          <Typography variant="h5" component="p">
            <MoneyField source="total" variant="inherit" />
          </Typography>
          <Typography variant="body2" color="text.secondary">
            <CardField />
          </Typography>
        </Box>
        <Stack
          direction="row"
          spacing={1}
          sx={{ flexBasis: '100%', alignItems: 'flex-start', justifyContent: 'space-between', flexWrap: 'wrap' }}
        >
          <FraudReviewActions now={now} onDecided={onDecided} onDialogChange={onDialogChange} />
          <Button to={paymentPath(record.id)} label="paydesk.fraud_review.open_payment">
            <OpenInNewIcon />
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
};

export default FraudReviewShow;
