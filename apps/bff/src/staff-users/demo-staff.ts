import type { StaffRole } from '@paydesk/domain';

/** The demo staff accounts: written only where demo data was asked for (`pnpm seed --demo-staff`, first start). */
export const DEMO_PASSWORD = 'paydesk-demo';

export const DEMO_STAFF: { email: string; full_name: string; role: StaffRole }[] = [
  { email: 'admin@paydesk.test', full_name: 'Alex Morgan', role: 'admin' },
  { email: 'operator@paydesk.test', full_name: 'Olivia Park', role: 'operator' },
  { email: 'finance@paydesk.test', full_name: 'Felix Grant', role: 'finance' },
  { email: 'fraud@paydesk.test', full_name: 'Frida Novak', role: 'fraud_analyst' },
  { email: 'viewer@paydesk.test', full_name: 'Victor Hale', role: 'viewer' },
];
