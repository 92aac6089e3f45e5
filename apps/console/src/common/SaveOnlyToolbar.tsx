import { SaveButton, Toolbar } from 'react-admin';

/** A form's toolbar without react-admin's Delete: what Paydesk keeps is deactivated, never deleted. */
export const SaveOnlyToolbar = ({ label }: { label?: string }) => (
  <Toolbar>
    <SaveButton label={label} />
  </Toolbar>
);
