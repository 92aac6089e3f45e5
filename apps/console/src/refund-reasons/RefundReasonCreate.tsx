import { Create } from 'react-admin';
import { pickReason } from './RefundReasonEdit.tsx';
import { RefundReasonForm } from './RefundReasonForm.tsx';

export const RefundReasonCreate = () => (
  <Create transform={pickReason} redirect="list" record={{ active: true }}>
    <RefundReasonForm />
  </Create>
);

export default RefundReasonCreate;
