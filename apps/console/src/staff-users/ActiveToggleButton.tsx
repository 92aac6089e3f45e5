import BlockIcon from '@mui/icons-material/Block';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import { useState, type MouseEvent } from 'react';
import { Button, Confirm, useCanAccess, useNotify, useRecordContext, useUpdate } from 'react-admin';
import type { StaffUser } from '../types.ts';
import { pickEditable } from './editable.ts';

/**
 * Deactivates an account (it can no longer sign in and its sessions end at once) or reactivates it. Asks
 * first either way; shown only to those who may edit staff (admins).
 */
export const ActiveToggleButton = () => {
  const user = useRecordContext<StaffUser>();
  const [open, setOpen] = useState(false);
  const notify = useNotify();
  const [update, { isPending }] = useUpdate<StaffUser>();
  const { canAccess } = useCanAccess({ resource: 'staff-users', action: 'edit', record: user });
  if (!user || !canAccess) return null;
  const action = user.active ? 'deactivate' : 'reactivate';

  const apply = () =>
    update(
      'staff-users',
      { id: user.id, data: { ...pickEditable(user), active: !user.active }, previousData: user },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          setOpen(false);
          notify(`paydesk.staff_users.${action}.done`, { type: 'info', messageArgs: { name: user.full_name } });
        },
        onError: (error) => {
          setOpen(false);
          notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
        },
      },
    );
  const openDialog = (event: MouseEvent) => {
    event.stopPropagation();
    setOpen(true);
  };

  return (
    <>
      <Button
        label={`paydesk.staff_users.${action}.button`}
        color={user.active ? 'warning' : 'primary'}
        onClick={openDialog}
      >
        {user.active ? <BlockIcon /> : <CheckCircleIcon />}
      </Button>
      <Confirm
        isOpen={open}
        loading={isPending}
        title={`paydesk.staff_users.${action}.title`}
        titleTranslateOptions={{ name: user.full_name }}
        content={`paydesk.staff_users.${action}.content`}
        confirm={`paydesk.staff_users.${action}.confirm`}
        confirmColor={user.active ? 'warning' : 'primary'}
        onConfirm={apply}
        onClose={() => setOpen(false)}
      />
    </>
  );
};
