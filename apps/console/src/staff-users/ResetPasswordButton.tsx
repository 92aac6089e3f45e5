import LockResetIcon from '@mui/icons-material/LockReset';
import { useState, type MouseEvent } from 'react';
import { Button, useCanAccess, useRecordContext } from 'react-admin';
import type { StaffUser } from '../types.ts';
import { ResetPasswordDialog } from './ResetPasswordDialog.tsx';

/** Opens the reset-password dialog; shown only to those who may edit staff (admins). */
export const ResetPasswordButton = () => {
  const user = useRecordContext<StaffUser>();
  const [open, setOpen] = useState(false);
  const { canAccess } = useCanAccess({ resource: 'staff-users', action: 'edit', record: user });
  if (!user || !canAccess) return null;
  const openDialog = (event: MouseEvent) => {
    event.stopPropagation();
    setOpen(true);
  };
  return (
    <>
      <Button label="paydesk.staff_users.reset.button" onClick={openDialog}>
        <LockResetIcon />
      </Button>
      {open && <ResetPasswordDialog user={user} onClose={() => setOpen(false)} />}
    </>
  );
};
