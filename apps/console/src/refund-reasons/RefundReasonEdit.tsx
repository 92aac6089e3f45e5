import { Edit } from 'react-admin';
import type { RefundReason } from '../types.ts';
import { RefundReasonForm } from './RefundReasonForm.tsx';

/** Only the editable fields go back to the API. */
export function pickReason({ name, code, active }: Partial<RefundReason>): Partial<RefundReason> {
  return { name, code, active };
}

export const RefundReasonEdit = () => (
  <Edit mutationMode="pessimistic" transform={pickReason} redirect="list">
    <RefundReasonForm />
  </Edit>
);

export default RefundReasonEdit;
