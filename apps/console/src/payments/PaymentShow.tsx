import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import {
  Datagrid,
  NumberField,
  Pagination,
  ReferenceField,
  ReferenceManyField,
  SelectField,
  Show,
  TextField,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { GATEWAY_ACTIONS } from '@paydesk/domain';
import { AuthorizationExpiryField } from '../capture-queue/AuthorizationFields.tsx';
import { useNow } from '../capture-queue/duration.ts';
import { choicesOf } from '../common/choices.ts';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { Details, Section, SectionGrid } from '../common/Details.tsx';
import { compactDatagridSx } from '../common/listStyles.ts';
import { TruncatedTextField } from '../common/TruncatedTextField.tsx';
import { Empty } from '../common/Empty.tsx';
import { SuccessChip } from '../log-entries/SuccessChip.tsx';
import { MoneyField } from '../money/MoneyField.tsx';
import { PaymentStateChip } from '../orders/PaymentStateChip.tsx';
import { FraudDecisionsPanel } from '../fraud-reviews/index.ts';
import { MarkFailedButton, ReconcileButton } from '../needs-attention/index.ts';
import { PaymentActions } from '../payment-actions/PaymentActions.tsx';
import { RefundStatusChip } from '../refunds/RefundStatusChip.tsx';
import type { Payment } from '../types.ts';
import { billingAddressFields } from './billingFields.tsx';
import { CardExpiryField, CardField, formatBrand } from './CardField.tsx';
import { DisputeSection } from './DisputeSection.tsx';
import { FraudStatusChip } from './FraudStatusChip.tsx';
import { PaymentTimeline } from './PaymentTimeline.tsx';
import { StatusChip } from './StatusChip.tsx';

const EMPTY = '—';
const actionChoices = choicesOf(GATEWAY_ACTIONS, 'paydesk.gateway_action');

/** While a gateway call is in flight (`operation`), look again every few seconds: the actions come back after. */
const IN_FLIGHT_POLL_MS = 3000;
const refetchWhileInFlight = {
  refetchInterval: (query: { state: { data?: Payment } }) => (query.state.data?.operation ? IN_FLIGHT_POLL_MS : false),
};

/** A payment: who paid what, where it stands, and every gateway call and refund made for it. */
export const PaymentShow = () => (
  <Show component="div" queryOptions={refetchWhileInFlight} sx={{ '& .RaShow-main': { mt: 1 } }}>
    <PaymentDetails />
  </Show>
);

const PaymentDetails = () => {
  const record = useRecordContext<Payment>();
  if (!record) return null;
  return (
    <Stack spacing={2}>
      <PaymentHeader />
      {record.dispute_status ? <DisputeSection /> : null}
      <SectionGrid>
        <Section title="paydesk.payment.sections.amounts">
          <Details>
            <MoneyField source="total" />
            <MoneyField source="tax" />
            <MoneyField source="delivery" />
            <MoneyField source="captured_amount" />
            <MoneyField source="refunded_amount" />
            <MoneyField source="reserved_amount" />
            <MoneyField source="refundable_amount" />
          </Details>
        </Section>
        <Section title="paydesk.payment.sections.risk">
          <Details>
            <FraudStatusChip source="fraud_status" />
            <TextField source="fraud_message" emptyText={EMPTY} />
            <NumberField source="risk_score" emptyText={EMPTY} />
          </Details>
        </Section>
        <Section title="paydesk.payment.sections.order">
          <Details>
            <ReferenceField source="order_id" reference="orders" link="show">
              <TextField source="number" />
            </ReferenceField>
            <ReferenceField
              source="order_id"
              reference="orders"
              link={false}
              label="resources.orders.fields.payment_state"
            >
              <PaymentStateChip source="payment_state" />
            </ReferenceField>
            <ReferenceField source="payment_method_id" reference="payment-methods" link="show" />
            <TextField source="description" emptyText={EMPTY} />
          </Details>
        </Section>
        <Section title="paydesk.payment.sections.billing">
          <Details>
            {billingAddressFields('payments')}
            <TextField source="billing_email" emptyText={EMPTY} />
            <TextField source="customer_ip_address" emptyText={EMPTY} />
          </Details>
        </Section>
        <Section title="paydesk.payment.sections.card">
          {record.card_brand || record.card_last4 ? (
            <Details>
              <CardBrandField label="resources.payments.fields.card_brand" />
              <TextField source="card_last4" emptyText={EMPTY} />
              <CardExpiryField label="resources.payments.fields.card_expiry" />
            </Details>
          ) : (
            <Empty message="paydesk.payment.no_card" />
          )}
        </Section>
        <Section title="paydesk.payment.sections.gateway">
          <Details>
            <TextField source="transaction_id" emptyText={EMPTY} sx={{ fontFamily: 'monospace' }} />
            <TextField source="message" emptyText={EMPTY} />
            <DateTimeField source="modified_at" precise />
            {record.authorization_expires_at ? (
              <AuthorizationExpiry label="resources.payments.fields.authorization_expires_at" />
            ) : null}
          </Details>
        </Section>
      </SectionGrid>
      <Section title="paydesk.payment.sections.log_entries">
        <ReferenceManyField
          reference="log-entries"
          target="payment_id"
          sort={{ field: 'created_at', order: 'DESC' }}
          perPage={10}
          pagination={<Pagination rowsPerPageOptions={[10, 25, 50]} />}
        >
          <Datagrid
            rowClick="show"
            bulkActionButtons={false}
            size="small"
            sx={compactDatagridSx}
            empty={<Empty message="paydesk.payment.no_log_entries" />}
          >
            <DateTimeField source="created_at" precise />
            <SelectField source="action" choices={actionChoices} />
            <SuccessChip source="success" />
            <MoneyField source="amount" />
            <TruncatedTextField source="message" sortable={false} maxWidth={320} />
            <TextField source="error_code" sortable={false} />
            <TextField source="authorization" sortable={false} sx={{ fontFamily: 'monospace' }} />
          </Datagrid>
        </ReferenceManyField>
      </Section>
      <Section title="paydesk.payment.sections.refunds">
        <ReferenceManyField
          reference="refunds"
          target="payment_id"
          sort={{ field: 'created_at', order: 'DESC' }}
          perPage={25}
        >
          <Datagrid
            rowClick="show"
            bulkActionButtons={false}
            size="small"
            sx={compactDatagridSx}
            empty={<Empty message="paydesk.payment.no_refunds" />}
          >
            <DateTimeField source="created_at" precise />
            <MoneyField source="amount" />
            <ReferenceField source="reason_id" reference="refund-reasons" link={false} sortable={false} />
            <TruncatedTextField source="note" sortable={false} maxWidth={360} />
            <RefundStatusChip source="status" />
          </Datagrid>
        </ReferenceManyField>
      </Section>
      <FraudDecisionsPanel />
      <Section title="paydesk.payment.sections.timeline">
        <PaymentTimeline />
      </Section>
    </Stack>
  );
};

/** Identifier, status and fraud status: what staff look for first. */
const PaymentHeader = () => {
  const record = useRecordContext<Payment>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Card>
      <CardContent sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 2 }}>
        <Box sx={{ mr: 'auto' }}>
          <Typography variant="overline" color="text.secondary">
            {translate('resources.payments.name', { smart_count: 1 })}
          </Typography>
          <Typography variant="h5" component="h1" sx={{ fontFamily: 'monospace', letterSpacing: 1 }}>
            {record.identifier}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {translate('paydesk.payment.header', {
              order: record.order_number,
              date: new Date(record.created_at).toLocaleString(),
            })}
          </Typography>
        </Box>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <StatusChip source="status" />
          <FraudStatusChip source="fraud_status" />
        </Stack>
        <Box sx={{ textAlign: 'right' }}>
          <Typography variant="h5" component="p">
            <MoneyField source="total" variant="inherit" />
          </Typography>
          <Typography variant="body2" color="text.secondary">
            <CardField />
          </Typography>
        </Box>
        <PaymentActions sx={{ flexBasis: '100%' }} />
        <Stack direction="row" spacing={1}>
          <ReconcileButton />
          <MarkFailedButton />
        </Stack>
      </CardContent>
    </Card>
  );
};

/** When an uncaptured authorization lapses, and how long is left. */
const AuthorizationExpiry = (_props: { label?: string }) => {
  const now = useNow();
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <DateTimeField source="authorization_expires_at" precise />
      <AuthorizationExpiryField now={now} />
    </Stack>
  );
};

const CardBrandField = (_props: { label?: string }) => {
  const record = useRecordContext<Payment>();
  return (
    <Typography component="span" variant="body2">
      {formatBrand(record?.card_brand ?? null) ?? EMPTY}
    </Typography>
  );
};

export default PaymentShow;
