import { Fragment, type ReactNode } from 'react';
import { Menu as RaMenu, useHasDashboard, useResourceDefinitions } from 'react-admin';
import { CaptureQueueMenuItem } from '../capture-queue/index.tsx';
import { NeedsAttentionMenuItem } from '../needs-attention/index.ts';
import { RefundApprovalsMenuItem } from '../refund-approvals/RefundApprovalsMenuItem.tsx';

/** Screens that are not resources (custom routes), each listed right after the resource it belongs to. */
const ITEMS_AFTER: Record<string, ReactNode> = {
  payments: <CaptureQueueMenuItem />,
};

/** Resources whose menu item is their own (a count on the icon). */
const OWN_ITEMS: Record<string, ReactNode> = {
  'refund-approvals': <RefundApprovalsMenuItem />,
};

/** react-admin's menu (dashboard, then one item per resource), with the custom screens in their place. */
export const Menu = () => {
  const resources = useResourceDefinitions();
  const hasDashboard = useHasDashboard();
  return (
    <RaMenu>
      {hasDashboard ? <RaMenu.DashboardItem /> : null}
      <NeedsAttentionMenuItem />
      {Object.keys(resources)
        .filter((name) => resources[name]?.hasList)
        .map((name) => (
          <Fragment key={name}>
            {OWN_ITEMS[name] ?? <RaMenu.ResourceItem name={name} />}
            {ITEMS_AFTER[name]}
          </Fragment>
        ))}
    </RaMenu>
  );
};
