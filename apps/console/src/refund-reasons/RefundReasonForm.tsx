import { NAME_MAX } from '@paydesk/contract/rules';
import { BooleanInput, maxLength, regex, required, SimpleForm, TextInput } from 'react-admin';
import { SaveOnlyToolbar } from '../common/SaveOnlyToolbar.tsx';

/** Reasons are deactivated rather than deleted: refunds keep pointing at them. */
export const RefundReasonForm = () => (
  <SimpleForm toolbar={<SaveOnlyToolbar />} sx={{ maxWidth: 480 }}>
    <TextInput source="name" validate={[required(), maxLength(NAME_MAX)]} fullWidth />
    <TextInput
      source="code"
      validate={[required(), regex(/^[a-z][a-z0-9_]{0,49}$/, 'paydesk.validation.code')]}
      helperText="paydesk.refund_reason.code_help"
      fullWidth
    />
    <BooleanInput source="active" />
  </SimpleForm>
);
