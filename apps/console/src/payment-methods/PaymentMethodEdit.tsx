import { Edit, ShowButton, TopToolbar } from 'react-admin';
import { DeactivateButton } from './DeactivateButton.tsx';
import { pickEditable } from './editable.ts';
import { PaymentMethodForm } from './PaymentMethodForm.tsx';

const Actions = () => (
  <TopToolbar>
    <DeactivateButton />
    <ShowButton />
  </TopToolbar>
);

// Pessimistic: the API's field errors ({field: sentence}) come back under the inputs.
export const PaymentMethodEdit = () => (
  <Edit actions={<Actions />} mutationMode="pessimistic" transform={pickEditable} redirect="show">
    <PaymentMethodForm />
  </Edit>
);

export default PaymentMethodEdit;
