import { Create } from 'react-admin';
import type { StaffUser } from '../types.ts';
import { StaffUserForm } from './StaffUserForm.tsx';

type NewStaffUser = Pick<StaffUser, 'full_name' | 'email' | 'role'> & { password: string };

const pickNew = ({ full_name, email, role, password }: NewStaffUser) => ({ full_name, email, role, password });

export const StaffUserCreate = () => (
  <Create transform={pickNew} redirect="list" record={{ role: 'viewer' }}>
    <StaffUserForm withPassword />
  </Create>
);

export default StaffUserCreate;
