import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import { useQueryClient } from '@tanstack/react-query';
import {
  Edit,
  SaveButton,
  SimpleForm,
  Toolbar,
  useCanAccess,
  useNotify,
  useRecordContext,
  useRedirect,
  useTranslate,
} from 'react-admin';
import type { Setting } from '../types.ts';
import { settingInput } from './settingInputs.ts';
import { PendingSettingChange } from './PendingSettingChange.tsx';
import { SettingValueInput } from './SettingValueInput.tsx';

/** Only `value` is sent (PUT /api/settings/:id {"value": …}); the server checks it again. */
export const pickValue = (data: Partial<Setting>) => ({ value: data.value });

/** The setting's key and meaning, and its value's input for admins (read-only for everyone else). */
export const SettingForm = () => {
  const translate = useTranslate();
  const record = useRecordContext<Setting>();
  const { canAccess, isPending } = useCanAccess({ resource: 'settings', action: 'edit' });
  if (!record) return null;
  const input = settingInput(String(record.id), record.value);
  const editable = canAccess && input.kind !== 'read_only';
  return (
    // noValidate: the bounds are checked by the validators (and their messages), not by the browser's bubble.
    <SimpleForm
      toolbar={
        editable ? (
          <Toolbar>
            <SaveButton />
          </Toolbar>
        ) : (
          false
        )
      }
      warnWhenUnsavedChanges
      noValidate
    >
      <Typography variant="h6" component="h2" sx={{ fontFamily: 'monospace' }}>
        {record.id}
      </Typography>
      <PendingSettingChange setting={record} />
      {record.description ? (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2, maxWidth: 600 }}>
          {record.description}
        </Typography>
      ) : null}
      {editable ? (
        <SettingValueInput input={input} />
      ) : isPending ? null : (
        <Alert severity="info">
          {translate(input.kind === 'read_only' ? 'paydesk.settings.read_only' : 'paydesk.settings.admins_only')}
        </Alert>
      )}
    </SimpleForm>
  );
};

/**
 * Pessimistic: the API's field errors ({"value": sentence}) come back under the input. A saved threshold
 * refreshes monitoring at once (the banner, the dashboard) instead of at its next 30-second poll.
 */
export const SettingEdit = () => {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const redirect = useRedirect();
  const onSuccess = (saved: Setting) => {
    void queryClient.invalidateQueries({ queryKey: ['monitoring'] });
    if (saved.pending_change) {
      // Filed, not applied (202): it stays on this page, showing what waits for a second admin.
      notify('paydesk.settings.filed', { type: 'warning' });
      return;
    }
    notify('ra.notification.updated', { type: 'info', messageArgs: { smart_count: 1 } });
    redirect('list', 'settings');
  };
  return (
    <Edit mutationMode="pessimistic" transform={pickValue} mutationOptions={{ onSuccess }}>
      <SettingForm />
    </Edit>
  );
};

export default SettingEdit;
