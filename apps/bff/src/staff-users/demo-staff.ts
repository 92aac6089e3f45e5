import type { StaffRole } from '@paydesk/domain';

/** The demo staff accounts: written only where demo data was asked for (`pnpm seed --demo-staff`, first start). */
export const DEMO_PASSWORD = 'paydesk-demo';

export const DEMO_STAFF: { email: string; full_name: string; role: StaffRole }[] = [
  { email: 'admin@paydesk.test', full_name: 'Alice Morgan', role: 'admin' },
  { email: 'operator@paydesk.test', full_name: 'Omar Haddad', role: 'operator' },
  { email: 'finance@paydesk.test', full_name: 'Fiona Brennan', role: 'finance' },
  { email: 'fraud@paydesk.test', full_name: 'Felix Wagner', role: 'fraud_analyst' },
  { email: 'viewer@paydesk.test', full_name: 'Vera Lindqvist', role: 'viewer' },
];
