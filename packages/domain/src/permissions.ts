import type { StaffRole } from './payment-status.ts';

/**
 * Who may do what. Keys are `<resource>.<action>`, in react-admin's terms (list, show, create, edit,
 * delete) or a command's name. Admins may do everything; reads not listed here are open to every role;
 * anything else not listed is refused.
 */
export const PERMISSIONS = {
  'payments.capture': ['operator'],
  'payments.void': ['operator'],
  'payments.invalidate': ['operator'],
  'payments.bulk-capture': ['operator'],
  'capture-runs.create': ['operator'],
  'capture-runs.preview': ['operator'],
  'capture-runs.cancel': ['operator'],
  'payments.refund': ['finance'],
  'payments.fraud-decision': ['fraud_analyst'],
  'payments.fraud-review': ['fraud_analyst'],
  'payments.reconcile': ['operator', 'finance'],
  'payments.mark-failed': ['operator', 'finance'],
  'callback-deliveries.resend': ['operator'],
  'orders.add-payment': ['operator'],
  'fraud-reviews.claim': ['fraud_analyst'],
  'refund-approvals.approve': ['finance'],
  'refund-approvals.reject': ['finance'],
  'payment-methods.create': [],
  'payment-methods.edit': [],
  'payment-methods.delete': [],
  'refund-reasons.create': [],
  'refund-reasons.edit': [],
  'refund-reasons.delete': [],
  'settings.edit': [],
  'settings.approve': [],
  'settings.reject': [],
  'staff-users.list': [],
  'staff-users.show': [],
  'staff-users.create': [],
  'staff-users.edit': [],
  'audit-events.list': [],
  'audit-events.show': [],
  'api-keys.list': [],
  'api-keys.show': [],
  'api-keys.create': [],
  'api-keys.delete': [],
  'products.create': [],
  'products.edit': [],
  'products.delete': [],
  // Everyone keeps views of their own (the BFF shows and deletes only the staff member's).
  'saved-views.create': ['operator', 'finance', 'fraud_analyst', 'viewer'],
  'saved-views.delete': ['operator', 'finance', 'fraud_analyst', 'viewer'],
} as const satisfies Record<string, readonly Exclude<StaffRole, 'admin'>[]>;

export type Permission = keyof typeof PERMISSIONS;

const READ_ACTIONS = new Set(['list', 'show']);

export function can(role: StaffRole, resource: string, action: string): boolean {
  if (role === 'admin') return true;
  const key = `${resource}.${action}`;
  if (Object.hasOwn(PERMISSIONS, key)) return (PERMISSIONS[key as Permission] as readonly StaffRole[]).includes(role);
  return READ_ACTIONS.has(action);
}

/** The matrix as a table of role → permissions, for the README and the console. */
export function permissionsOf(role: StaffRole): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((key) => {
    const [resource, action] = key.split('.') as [string, string];
    return can(role, resource, action);
  });
}
