import { EditButton, SelectField, Show, TextField, TopToolbar } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { Details, Section, SectionGrid } from '../common/Details.tsx';
import { JsonField } from '../common/JsonField.tsx';
import { YesNoField } from '../common/YesNoField.tsx';
import { AutoCaptureField } from './autoCapture.tsx';
import { DeactivateButton } from './DeactivateButton.tsx';
import { paymentMethodTypeChoices } from './PaymentMethodForm.tsx';
import { SecretsSummary } from './SecretInputs.tsx';

const Actions = () => (
  <TopToolbar>
    <DeactivateButton />
    <EditButton />
  </TopToolbar>
);

export const PaymentMethodShow = () => (
  <Show actions={<Actions />} component="div">
    <SectionGrid>
      <Section title="paydesk.payment_method.sections.method">
        <Details>
          <TextField source="name" />
          <TextField source="description" emptyText="—" />
          <SelectField source="type" choices={paymentMethodTypeChoices} />
          <YesNoField source="active" />
          <YesNoField source="available_to_users" />
          <YesNoField source="available_to_admin" />
          <AutoCaptureField source="auto_capture" />
          <DateTimeField source="created_at" precise />
          <DateTimeField source="updated_at" precise />
        </Details>
      </Section>
      <Section title="paydesk.payment_method.sections.credentials">
        <SecretsSummary />
      </Section>
      <Section title="paydesk.payment_method.sections.preferences">
        <JsonField source="preferences" />
      </Section>
    </SectionGrid>
  </Show>
);

export default PaymentMethodShow;
