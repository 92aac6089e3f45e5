import type { StaffUser } from '../types.ts';

/** What an edit sends: the account's editable fields, whatever else the record holds. */
export function pickEditable({ full_name, email, role, active }: StaffUser) {
  return { full_name, email, role, active };
}
