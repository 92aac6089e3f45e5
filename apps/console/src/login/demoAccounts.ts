import type { DemoAccounts } from '@paydesk/contract';
import { requestJson } from '../api/session.ts';

/** `GET /api/auth/demo-accounts` (public): the demo staff, or none outside demo mode. */
export type { DemoAccounts };
export type DemoAccount = DemoAccounts['accounts'][number];

export async function fetchDemoAccounts(): Promise<DemoAccounts> {
  try {
    const body = await requestJson<DemoAccounts>('/auth/demo-accounts');
    return { accounts: Array.isArray(body?.accounts) ? body.accounts : [], password: body?.password };
  } catch {
    // No demo accounts is the normal case in production: never an error on the login page.
    return { accounts: [] };
  }
}
