import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button, { type ButtonProps } from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { useId, type FormEvent, type ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import type { Message } from './amount.ts';
import type { CommandErrorView } from './useCommand.ts';

export interface CommandDialogProps {
  /** The dialog's title, already translated. */
  title: string;
  /** The confirm button's label, already translated ("Capture $80.00"). */
  confirmLabel: string;
  confirmColor?: ButtonProps['color'];
  /** Waiting for the server: the confirm button is disabled and the dialog cannot be dismissed. */
  pending: boolean;
  /** The command can no longer run (e.g. the payment changed meanwhile): nothing to confirm. */
  confirmDisabled?: boolean;
  error?: CommandErrorView | null;
  onConfirm: () => void;
  onClose: () => void;
  children?: ReactNode;
  /** The button that closes the dialog says "Close" instead of "Cancel" (e.g. a summary). */
  closeLabel?: string;
  /** No confirm button (e.g. a summary). */
  hideConfirm?: boolean;
  /** A step back (e.g. from a confirmation to the form), beside Cancel; its label is an i18n key. */
  onBack?: () => void;
  backLabel?: string;
}

/** Shows a translatable message or the API's own sentence. */
export function useMessage() {
  const translate = useTranslate();
  return (message: string | Message | null | undefined) =>
    message == null ? '' : typeof message === 'string' ? message : translate(message.key, message.args);
}

/**
 * The frame of every payment command: what will happen, the inputs, the server's answer when it refused,
 * and one confirm button that names what it does. A form, so Enter confirms.
 */
export const CommandDialog = ({
  title,
  confirmLabel,
  confirmColor = 'primary',
  pending,
  confirmDisabled = false,
  error,
  onConfirm,
  onClose,
  children,
  closeLabel = 'paydesk.payment_actions.cancel',
  hideConfirm = false,
  onBack,
  backLabel = 'paydesk.payment_actions.back',
}: CommandDialogProps) => {
  const translate = useTranslate();
  const show = useMessage();
  const titleId = useId();
  const close = () => {
    // Money may be moving: the staff member waits for the answer.
    if (!pending) onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!pending && !confirmDisabled) onConfirm();
  };
  const message = show(error?.message);
  return (
    <Dialog open onClose={close} aria-labelledby={titleId} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate>
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 0.5 }}>
            {children}
            {error && (error.title || message) ? (
              <Alert severity="error" role="alert">
                {error.title ? <AlertTitle>{show(error.title)}</AlertTitle> : null}
                {message}
              </Alert>
            ) : null}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={close} disabled={pending}>
            {translate(closeLabel)}
          </Button>
          {onBack ? (
            <Button onClick={onBack} disabled={pending}>
              {translate(backLabel)}
            </Button>
          ) : null}
          {hideConfirm ? null : (
            <Button
              type="submit"
              variant="contained"
              color={confirmColor}
              disabled={pending || confirmDisabled}
              startIcon={pending ? <CircularProgress size={16} color="inherit" /> : undefined}
            >
              {confirmLabel}
            </Button>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
};
