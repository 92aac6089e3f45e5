import BlockIcon from '@mui/icons-material/Block';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type MouseEvent } from 'react';
import { Button, Confirm, useCanAccess, useDataProvider, useNotify, useRecordContext } from 'react-admin';
import type { ApiKey } from '../types.ts';

/**
 * Revokes a storefront's key (DELETE, which keeps the record with revoked_at): its requests are refused from
 * then on. Asks first; shown only for a live key and to those who may (admins).
 */
export const RevokeButton = () => {
  const record = useRecordContext<ApiKey>();
  const [open, setOpen] = useState(false);
  const notify = useNotify();
  const dataProvider = useDataProvider();
  const queryClient = useQueryClient();
  const { canAccess } = useCanAccess({ resource: 'api-keys', action: 'delete', record });
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => dataProvider.delete<ApiKey>('api-keys', { id: key.id, previousData: key }),
    onSuccess: ({ data }) => {
      setOpen(false);
      notify('paydesk.api_keys.revoke.done', { type: 'info', messageArgs: { name: data.name } });
    },
    onError: (error) => {
      setOpen(false);
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    },
    // The key stays listed, now revoked.
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['api-keys'] }),
  });
  if (!record || record.revoked_at || !canAccess) return null;

  const openDialog = (event: MouseEvent) => {
    event.stopPropagation();
    setOpen(true);
  };
  return (
    <>
      <Button label="paydesk.api_keys.revoke.button" color="error" onClick={openDialog}>
        <BlockIcon />
      </Button>
      <Confirm
        isOpen={open}
        loading={revoke.isPending}
        title="paydesk.api_keys.revoke.title"
        titleTranslateOptions={{ name: record.name }}
        content="paydesk.api_keys.revoke.content"
        contentTranslateOptions={{ prefix: record.key_prefix }}
        confirm="paydesk.api_keys.revoke.confirm"
        confirmColor="warning"
        onConfirm={() => revoke.mutate(record)}
        onClose={() => setOpen(false)}
      />
    </>
  );
};
