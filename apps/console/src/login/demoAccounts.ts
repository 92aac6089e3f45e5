import type { StaffRole } from '@paydesk/domain';
import { requestJson } from '../api/session.ts';

export interface DemoAccount {
  email: string;
  full_name: string;
  role: StaffRole;
}

/** `GET /api/auth/demo-accounts` (public): the demo staff, or none outside demo mode. */
export interface DemoAccounts {
  accounts: DemoAccount[];
  password?: string;
}

export async function fetchDemoAccounts(): Promise<DemoAccounts> {
  try {
    const body = await requestJson<DemoAccounts>('/auth/demo-accounts');
    return { accounts: Array.isArray(body?.accounts) ? body.accounts : [], password: body?.password };
  } catch {
    // No demo accounts is the normal case in production: never an error on the login page.
    return { accounts: [] };
  }
}
