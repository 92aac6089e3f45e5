import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { PaydeskDataProvider } from '../dataProvider.ts';
import type { StaffUser } from '../types.ts';
import { MIN_PASSWORD_LENGTH } from './StaffUserForm.tsx';
import { fieldErrorText } from '../api/errors.ts';

/**
 * An admin sets a new password for a staff member: it also lifts a lock after too many wrong passwords, and
 * ends every session of the account. The password is typed twice; nothing of it is kept after the dialog.
 */
export const ResetPasswordDialog = ({ user, onClose }: { user: StaffUser; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<PaydeskDataProvider>();
  const queryClient = useQueryClient();
  const titleId = useId();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [touched, setTouched] = useState(false);
  const reset = useMutation({
    mutationFn: () => dataProvider.resetStaffPassword(user.id, password),
    onSuccess: () => {
      notify('paydesk.staff_users.reset.done', { type: 'info', messageArgs: { name: user.full_name } });
      void queryClient.invalidateQueries({ queryKey: ['staff-users'] });
      onClose();
    },
  });
  const tooShort = password.length < MIN_PASSWORD_LENGTH;
  const mismatch = repeat !== password;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!tooShort && !mismatch && !reset.isPending) reset.mutate();
  };
  const close = () => {
    if (!reset.isPending) onClose();
  };
  const serverError = fieldErrorText(reset.error, 'password');

  return (
    <Dialog open onClose={close} aria-labelledby={titleId} fullWidth maxWidth="xs">
      <form onSubmit={submit} noValidate>
        <DialogTitle id={titleId}>{translate('paydesk.staff_users.reset.title', { name: user.full_name })}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate('paydesk.staff_users.reset.content')}</DialogContentText>
          <TextField
            label={translate('paydesk.staff_users.reset.password')}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            error={touched && tooShort}
            helperText={translate('paydesk.staff_users.password_help')}
            fullWidth
            required
            autoFocus
            margin="dense"
          />
          <TextField
            label={translate('paydesk.staff_users.reset.repeat')}
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(event) => setRepeat(event.target.value)}
            error={touched && mismatch}
            helperText={touched && mismatch ? translate('paydesk.staff_users.reset.mismatch') : ' '}
            fullWidth
            required
            margin="dense"
          />
          {serverError && (
            <Alert severity="error" sx={{ mt: 1 }}>
              {serverError}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={close} disabled={reset.isPending}>
            {translate('ra.action.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={reset.isPending}>
            {translate('paydesk.staff_users.reset.confirm')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
