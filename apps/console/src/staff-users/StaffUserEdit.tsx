import { Edit, TopToolbar } from 'react-admin';
import { ActiveToggleButton } from './ActiveToggleButton.tsx';
import { pickEditable } from './editable.ts';
import { ResetPasswordButton } from './ResetPasswordButton.tsx';
import { StaffUserForm } from './StaffUserForm.tsx';

const Actions = () => (
  <TopToolbar>
    <ResetPasswordButton />
    <ActiveToggleButton />
  </TopToolbar>
);

// Pessimistic: the API's field errors (a taken email) and its refusals (the last admin) come back before leaving.
export const StaffUserEdit = () => (
  <Edit actions={<Actions />} mutationMode="pessimistic" transform={pickEditable} redirect="list">
    <StaffUserForm />
  </Edit>
);

export default StaffUserEdit;
