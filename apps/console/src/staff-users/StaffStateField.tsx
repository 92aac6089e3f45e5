import { useRecordContext } from 'react-admin';
import type { ChipStyle } from '../common/ValueChip.tsx';
import { ValueChip } from '../common/ValueChip.tsx';
import type { StaffUser } from '../types.ts';

export const STAFF_STATES = ['active', 'locked', 'inactive'] as const;
export type StaffState = (typeof STAFF_STATES)[number];

const STYLE: Record<StaffState, ChipStyle> = {
  active: { color: 'success', variant: 'outlined' },
  locked: { color: 'warning' },
  inactive: { color: 'default', variant: 'outlined' },
};

/** Deactivated, locked after too many wrong passwords (the API sends `locked_until` only while it lasts), or active. */
export function staffStateOf(user: Pick<StaffUser, 'active' | 'locked_until'>): StaffState {
  if (!user.active) return 'inactive';
  return user.locked_until ? 'locked' : 'active';
}

export const StaffStateField = (_props: { label?: string; sortable?: boolean }) => {
  const user = useRecordContext<StaffUser>();
  if (!user) return null;
  const state = staffStateOf(user);
  return <ValueChip value={state} labelPrefix="paydesk.staff_state" style={STYLE[state]} />;
};
