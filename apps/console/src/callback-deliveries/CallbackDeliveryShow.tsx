import Stack from '@mui/material/Stack';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import {
  Datagrid,
  NumberField,
  Pagination,
  ReferenceField,
  ReferenceManyField,
  Show,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { Details, Section, SectionGrid } from '../common/Details.tsx';
import { Empty } from '../common/Empty.tsx';
import { compactDatagridSx } from '../common/listStyles.ts';
import { TruncatedTextField } from '../common/TruncatedTextField.tsx';
import type { CallbackDelivery } from '../types.ts';
import { BodyField, CallbackStatusChip, deliveryOutcomeFields, refetchWhilePending } from './fields.tsx';
import { ResendButton } from './ResendButton.tsx';

const EMPTY = '—';

const Actions = () => (
  <TopToolbar>
    <ResendButton />
  </TopToolbar>
);

/** A new attempt shows in the attempts list as soon as the delivery's count says there is one. */
const RefreshAttemptsOnChange = () => {
  const record = useRecordContext<CallbackDelivery>();
  const queryClient = useQueryClient();
  const attempts = record?.attempts;
  useEffect(() => {
    if (attempts !== undefined) void queryClient.invalidateQueries({ queryKey: ['callback-attempts'] });
  }, [attempts, queryClient]);
  return null;
};

/** One callback: where it goes, how it went, the body sent, and each attempt. `id` defaults to the route's. */
export const CallbackDeliveryShow = ({ id }: { id?: CallbackDelivery['id'] }) => (
  <Show resource="callback-deliveries" id={id} actions={<Actions />} component="div" queryOptions={refetchWhilePending}>
    <RefreshAttemptsOnChange />
    <Stack spacing={2}>
      <SectionGrid>
        <Section title="paydesk.callbacks.sections.delivery">
          <Details>
            <CallbackStatusChip source="status" />
            <TextField source="url" />
            <TextField source="payment_status" />
            {deliveryOutcomeFields()}
          </Details>
        </Section>
        <Section title="paydesk.callbacks.sections.transaction">
          <Details>
            <TextField source="token" sx={{ fontFamily: 'monospace' }} />
            <TextField source="transaction_id" />
            <ReferenceField source="payment_id" reference="payments" link="show" />
            <TextField source="currency" />
          </Details>
        </Section>
      </SectionGrid>
      <Section title="paydesk.callbacks.sections.body">
        <BodyField source="body" />
      </Section>
      <Section title="paydesk.callbacks.sections.attempts">
        <ReferenceManyField
          reference="callback-attempts"
          target="delivery_id"
          sort={{ field: 'created_at', order: 'DESC' }}
          perPage={10}
          pagination={<Pagination rowsPerPageOptions={[10, 25, 50]} />}
        >
          <Datagrid
            bulkActionButtons={false}
            rowClick={false}
            size="small"
            sx={compactDatagridSx}
            empty={<Empty message="paydesk.callbacks.no_attempts" />}
          >
            <DateTimeField source="created_at" precise />
            <NumberField source="response_code" sortable={false} emptyText={EMPTY} options={{ useGrouping: false }} />
            <TruncatedTextField source="error" sortable={false} maxWidth={360} emptyText={EMPTY} />
            <NumberField source="duration_ms" sortable={false} />
          </Datagrid>
        </ReferenceManyField>
      </Section>
    </Stack>
  </Show>
);

export default CallbackDeliveryShow;
