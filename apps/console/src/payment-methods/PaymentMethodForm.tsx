import { PAYMENT_METHOD_TYPES } from '@paydesk/domain';
import {
  BooleanInput,
  maxLength,
  required,
  SaveButton,
  SelectInput,
  SimpleForm,
  TextInput,
  Toolbar,
} from 'react-admin';
import { choicesOf } from '../common/choices.ts';
import { AutoCaptureInput } from './autoCapture.tsx';
import { SecretInputs } from './SecretInputs.tsx';

export const paymentMethodTypeChoices = choicesOf(PAYMENT_METHOD_TYPES, 'paydesk.payment_method_type');

// No delete: a method that has payments is deactivated instead.
const FormToolbar = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);

/** The fields staff edit on create and edit. */
export const PaymentMethodForm = () => (
  <SimpleForm toolbar={<FormToolbar />} sx={{ maxWidth: 640 }}>
    <TextInput source="name" validate={[required(), maxLength(100)]} fullWidth />
    <TextInput source="description" validate={maxLength(500)} multiline minRows={2} fullWidth />
    <SelectInput source="type" choices={paymentMethodTypeChoices} validate={required()} />
    <AutoCaptureInput helperText="paydesk.auto_capture.help" />
    <BooleanInput source="active" />
    <BooleanInput source="available_to_users" />
    <BooleanInput source="available_to_admin" />
    <SecretInputs />
  </SimpleForm>
);
