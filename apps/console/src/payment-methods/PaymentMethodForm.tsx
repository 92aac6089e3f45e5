import { DESCRIPTION_MAX, NAME_MAX } from '@paydesk/contract/rules';
import { PAYMENT_METHOD_TYPES } from '@paydesk/domain';
import { BooleanInput, maxLength, required, SelectInput, SimpleForm, TextInput } from 'react-admin';
import { choicesOf } from '../common/choices.ts';
import { AutoCaptureInput } from './autoCapture.tsx';
import { SecretInputs } from './SecretInputs.tsx';
import { SaveOnlyToolbar } from '../common/SaveOnlyToolbar.tsx';

export const paymentMethodTypeChoices = choicesOf(PAYMENT_METHOD_TYPES, 'paydesk.payment_method_type');

/** The fields staff edit on create and edit. */
export const PaymentMethodForm = () => (
  <SimpleForm toolbar={<SaveOnlyToolbar />} sx={{ maxWidth: 640 }}>
    <TextInput source="name" validate={[required(), maxLength(NAME_MAX)]} fullWidth />
    <TextInput source="description" validate={maxLength(DESCRIPTION_MAX)} multiline minRows={2} fullWidth />
    <SelectInput source="type" choices={paymentMethodTypeChoices} validate={required()} />
    <AutoCaptureInput helperText="paydesk.auto_capture.help" />
    <BooleanInput source="active" />
    <BooleanInput source="available_to_users" />
    <BooleanInput source="available_to_admin" />
    <SecretInputs />
  </SimpleForm>
);
