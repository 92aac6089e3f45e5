import CheckIcon from '@mui/icons-material/Check';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import { useId, useRef, useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import type { CreatedApiKey } from '../types.ts';
import { copyText } from './copy.ts';

/** One secret value, read-only and monospaced, with a copy button. */
const SecretValue = ({
  label,
  help,
  copyLabel,
  value,
}: {
  label: string;
  help: string;
  copyLabel: string;
  value: string;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    if (await copyText(value)) {
      setCopied(true);
      notify('paydesk.api_keys.created.copied', { type: 'info', messageArgs: { what: translate(label) } });
    } else {
      // Selected, so Ctrl+C / Cmd+C copies it.
      input.current?.select();
      notify('paydesk.api_keys.created.copy_failed', { type: 'warning' });
    }
  };
  return (
    <TextField
      label={translate(label)}
      value={value}
      helperText={translate(help)}
      fullWidth
      inputRef={input}
      onFocus={(event) => event.target.select()}
      slotProps={{
        htmlInput: { readOnly: true, spellCheck: false, style: { fontFamily: 'monospace' } },
        input: {
          endAdornment: (
            <InputAdornment position="end">
              <Tooltip title={translate(copied ? 'paydesk.api_keys.created.copied_short' : copyLabel)}>
                <IconButton aria-label={translate(copyLabel)} onClick={copy} edge="end">
                  {copied ? <CheckIcon color="success" /> : <ContentCopyIcon />}
                </IconButton>
              </Tooltip>
            </InputAdornment>
          ),
        },
      }}
    />
  );
};

/**
 * The one time an API key and its callback signing secret are shown: the server keeps only the key's hash
 * and never sends either again. It closes only through its button (not by a click beside it or Escape), so
 * nobody loses the key by accident.
 */
export const KeyCreatedDialog = ({ apiKey, onClose }: { apiKey: CreatedApiKey; onClose: () => void }) => {
  const translate = useTranslate();
  const titleId = useId();
  return (
    <Dialog
      open
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
      onClose={(_event, reason) => (reason ? undefined : onClose())}
    >
      <DialogTitle id={titleId}>{translate('paydesk.api_keys.created.title', { name: apiKey.name })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2.5} sx={{ pt: 0.5 }}>
          <Alert severity="warning">
            <AlertTitle>{translate('paydesk.api_keys.created.once_title')}</AlertTitle>
            {translate('paydesk.api_keys.created.once')}
          </Alert>
          <SecretValue
            label="paydesk.api_keys.created.key"
            help="paydesk.api_keys.created.key_help"
            copyLabel="paydesk.api_keys.created.copy_key"
            value={apiKey.key}
          />
          <SecretValue
            label="paydesk.api_keys.created.secret"
            help="paydesk.api_keys.created.secret_help"
            copyLabel="paydesk.api_keys.created.copy_secret"
            value={apiKey.secret}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={onClose}>
          {translate('paydesk.api_keys.created.done')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
