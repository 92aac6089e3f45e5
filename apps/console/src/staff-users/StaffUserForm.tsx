import { EMAIL_MAX, FULL_NAME_MAX, MIN_PASSWORD_LENGTH, PASSWORD_MAX_LENGTH } from '@paydesk/contract/rules';
import { email, maxLength, minLength, PasswordInput, required, SelectInput, SimpleForm, TextInput } from 'react-admin';
import { staffRoleChoices } from './roles.ts';
import { SaveOnlyToolbar } from '../common/SaveOnlyToolbar.tsx';

/** The password rule the BFF holds every new password to. */
export { MIN_PASSWORD_LENGTH } from '@paydesk/contract/rules';

export const validatePassword = [required(), minLength(MIN_PASSWORD_LENGTH), maxLength(PASSWORD_MAX_LENGTH)];

/** Name, email and role; a new account also takes its first password (the person changes it after signing in). */
export const StaffUserForm = ({ withPassword = false }: { withPassword?: boolean }) => (
  <SimpleForm toolbar={<SaveOnlyToolbar />} sx={{ maxWidth: 480 }}>
    <TextInput source="full_name" validate={[required(), maxLength(FULL_NAME_MAX)]} fullWidth />
    <TextInput source="email" type="email" validate={[required(), email(), maxLength(EMAIL_MAX)]} fullWidth />
    <SelectInput source="role" choices={staffRoleChoices} validate={required()} fullWidth />
    {withPassword && (
      <PasswordInput
        source="password"
        label="paydesk.staff_users.initial_password"
        helperText="paydesk.staff_users.password_help"
        validate={validatePassword}
        autoComplete="new-password"
        fullWidth
      />
    )}
  </SimpleForm>
);
