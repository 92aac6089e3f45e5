import Switch from '@mui/material/Switch';
import type { MouseEvent } from 'react';
import { useCanAccess, useNotify, useRecordContext, useTranslate, useUpdate } from 'react-admin';
import { YesNoField } from '../common/YesNoField.tsx';
import type { Product } from '../types.ts';
import { pickProductInput } from './editable.ts';

const stop = (event: MouseEvent) => event.stopPropagation();

/**
 * A product on sale or not, switched from the list by admins (a PUT of the whole product, as the API
 * wants); others see Yes / No. An inactive product takes no new transactions; its old ones stay.
 */
export const ActiveToggle = (_props: { source?: 'active'; label?: string; sortable?: boolean }) => {
  const record = useRecordContext<Product>();
  const translate = useTranslate();
  const notify = useNotify();
  const { canAccess } = useCanAccess({ resource: 'products', action: 'edit' });
  const [update, { isPending }] = useUpdate<Product>();
  if (!record) return null;
  if (!canAccess) return <YesNoField source="active" />;

  const toggle = () =>
    update(
      'products',
      { id: record.id, data: { ...pickProductInput(record), active: !record.active }, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: (product) =>
          notify(product.active ? 'paydesk.products.activated' : 'paydesk.products.deactivated', {
            type: 'info',
            messageArgs: { name: product.name },
          }),
        onError: (error) =>
          notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' }),
      },
    );

  return (
    <Switch
      size="small"
      checked={record.active}
      disabled={isPending}
      onClick={stop}
      onChange={toggle}
      slotProps={{ input: { 'aria-label': translate('paydesk.products.active_toggle', { name: record.name }) } }}
    />
  );
};
