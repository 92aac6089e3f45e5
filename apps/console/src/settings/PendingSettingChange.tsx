import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Stack from '@mui/material/Stack';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Confirm, useCanAccess, useDataProvider, useGetIdentity, useNotify, useTranslate } from 'react-admin';
import { formatDateTime } from '../common/datetime.ts';
import type { PaydeskDataProvider } from '../dataProvider.ts';
import type { Setting } from '../types.ts';

type Decision = 'approve' | 'reject';

const MESSAGES = {
  approve: {
    title: 'paydesk.settings.pending.approve_title',
    content: 'paydesk.settings.pending.approve_content',
    done: 'paydesk.settings.pending.approved',
  },
  reject: {
    title: 'paydesk.settings.pending.reject_title',
    content: 'paydesk.settings.pending.reject_content',
    done: 'paydesk.settings.pending.rejected',
  },
} as const;

/**
 * A change that weakens a money control waits for a second admin: its value and who asked, and — for an
 * admin who did not ask — Apply; any admin may reject it (the one who asked, to withdraw it).
 */
export const PendingSettingChange = ({ setting }: { setting: Setting }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const dataProvider = useDataProvider<PaydeskDataProvider>();
  const { identity } = useGetIdentity();
  const { canAccess } = useCanAccess({ resource: 'settings', action: 'approve' });
  const [asked, setAsked] = useState<Decision | null>(null);
  const decide = useMutation({
    mutationFn: (decision: Decision) => dataProvider.decideSettingChange(setting.id, decision),
    onSuccess: (_data, decision) => notify(MESSAGES[decision].done, { type: 'info' }),
    onError: (error) =>
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' }),
    onSettled: () => {
      setAsked(null);
      return queryClient.invalidateQueries({ queryKey: ['settings'] });
    },
  });
  const change = setting.pending_change;
  if (!change) return null;
  const own = identity !== undefined && String(identity.id) === String(change.requested_by);

  return (
    <Alert severity="warning" sx={{ mb: 2, maxWidth: 600 }}>
      <AlertTitle>{translate('paydesk.settings.pending.title')}</AlertTitle>
      <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(change.value, null, 2)}</pre>
      {translate('paydesk.settings.pending.requested', {
        staff: change.requested_by,
        at: formatDateTime(change.requested_at),
      })}
      {canAccess ? (
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          {own ? null : <Button label="paydesk.settings.pending.approve" onClick={() => setAsked('approve')} />}
          <Button label="paydesk.settings.pending.reject" onClick={() => setAsked('reject')} />
        </Stack>
      ) : null}
      {own && canAccess ? <div>{translate('paydesk.settings.pending.own')}</div> : null}
      <Confirm
        isOpen={asked !== null}
        loading={decide.isPending}
        title={MESSAGES[asked ?? 'approve'].title}
        content={MESSAGES[asked ?? 'approve'].content}
        onConfirm={() => asked && decide.mutate(asked)}
        onClose={() => setAsked(null)}
      />
    </Alert>
  );
};
