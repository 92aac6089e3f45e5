import { Create } from 'react-admin';
import { pickEditable } from './editable.ts';
import { PaymentMethodForm } from './PaymentMethodForm.tsx';

const defaults = {
  type: 'bogus',
  active: true,
  available_to_users: true,
  available_to_admin: true,
  auto_capture: null,
  description: '',
  preferences: {},
};

export const PaymentMethodCreate = () => (
  <Create transform={pickEditable} redirect="show" record={defaults}>
    <PaymentMethodForm />
  </Create>
);

export default PaymentMethodCreate;
