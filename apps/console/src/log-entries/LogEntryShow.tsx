import Box from '@mui/material/Box';
import { NumberField, ReferenceField, SelectField, Show, TextField } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { Details, Section, SectionGrid } from '../common/Details.tsx';
import { JsonField } from '../common/JsonField.tsx';
import { MoneyField } from '../money/MoneyField.tsx';
import { gatewayActionChoices } from './LogEntryList.tsx';
import { SuccessChip } from './SuccessChip.tsx';

const EMPTY = '—';

/** One gateway call: the response as recorded, params already scrubbed of card data by the server. */
export const LogEntryShow = () => (
  <Show component="div">
    <SectionGrid>
      <Section title="paydesk.log_entry.sections.call">
        <Details>
          <DateTimeField source="created_at" precise />
          <SelectField source="action" choices={gatewayActionChoices} />
          <SuccessChip source="success" />
          <MoneyField source="amount" emptyText={EMPTY} />
          <TextField source="currency" />
          <ReferenceField source="payment_id" reference="payments" link="show" />
          <ReferenceField source="refund_id" reference="refunds" link="show" emptyText={EMPTY} />
          <ReferenceField source="payment_method_id" reference="payment-methods" link="show" />
          <NumberField source="duration_ms" />
        </Details>
      </Section>
      <Section title="paydesk.log_entry.sections.response">
        <Details>
          <TextField source="message" emptyText={EMPTY} />
          <TextField source="authorization" emptyText={EMPTY} sx={{ fontFamily: 'monospace' }} />
          <TextField source="error_code" emptyText={EMPTY} />
          <TextField source="avs_result" emptyText={EMPTY} />
          <TextField source="cvv_result" emptyText={EMPTY} />
        </Details>
      </Section>
      <Box sx={{ gridColumn: '1 / -1' }}>
        <Section title="resources.log-entries.fields.params">
          <JsonField source="params" />
        </Section>
      </Box>
    </SectionGrid>
  </Show>
);

export default LogEntryShow;
