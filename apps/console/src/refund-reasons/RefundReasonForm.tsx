import { BooleanInput, maxLength, regex, required, SaveButton, SimpleForm, TextInput, Toolbar } from 'react-admin';

const FormToolbar = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);

/** Reasons are deactivated rather than deleted: refunds keep pointing at them. */
export const RefundReasonForm = () => (
  <SimpleForm toolbar={<FormToolbar />} sx={{ maxWidth: 480 }}>
    <TextInput source="name" validate={[required(), maxLength(100)]} fullWidth />
    <TextInput
      source="code"
      validate={[required(), regex(/^[a-z][a-z0-9_]{0,49}$/, 'paydesk.validation.code')]}
      helperText="paydesk.refund_reason.code_help"
      fullWidth
    />
    <BooleanInput source="active" />
  </SimpleForm>
);
