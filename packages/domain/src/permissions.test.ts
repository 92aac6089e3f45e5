import { describe, expect, it } from 'vitest';
import { can, permissionsOf } from './permissions.ts';
import { STAFF_ROLES } from './payment-status.ts';

describe('permissions', () => {
  it.each([
    ['operator', 'payments', 'capture', true],
    ['operator', 'payments', 'refund', false],
    ['finance', 'payments', 'refund', true],
    ['finance', 'payments', 'capture', false],
    ['fraud_analyst', 'payments', 'fraud-decision', true],
    ['fraud_analyst', 'payments', 'void', false],
    ['viewer', 'payments', 'capture', false],
    ['viewer', 'payments', 'list', true],
    ['viewer', 'payments', 'show', true],
    ['viewer', 'staff-users', 'list', false],
    ['operator', 'payment-methods', 'edit', false],
    ['admin', 'payment-methods', 'edit', true],
    ['admin', 'anything', 'whatever', true],
    ['finance', 'refund-approvals', 'approve', true],
    ['operator', 'refund-approvals', 'approve', false],
    ['operator', 'orders', 'add-payment', true],
    ['finance', 'orders', 'add-payment', false],
    ['viewer', 'orders', 'add-payment', false],
  ] as const)('%s may %s.%s: %s', (role, resource, action, allowed) => {
    expect(can(role, resource, action)).toBe(allowed);
  });

  it('refuses writes nobody listed, to everyone but admins', () => {
    for (const role of STAFF_ROLES.filter((r) => r !== 'admin')) expect(can(role, 'payments', 'delete')).toBe(false);
  });

  it('lists what each role may do', () => {
    // A viewer changes nothing but their own saved views.
    expect(permissionsOf('viewer')).toEqual(['saved-views.create', 'saved-views.delete']);
    expect(permissionsOf('operator')).toEqual([
      'payments.capture',
      'payments.void',
      'payments.invalidate',
      'payments.bulk-capture',
      'capture-runs.create',
      'capture-runs.preview',
      'capture-runs.cancel',
      'payments.reconcile',
      'payments.mark-failed',
      'callback-deliveries.resend',
      'orders.add-payment',
      'saved-views.create',
      'saved-views.delete',
    ]);
    expect(permissionsOf('admin').length).toBeGreaterThan(20);
  });
});
