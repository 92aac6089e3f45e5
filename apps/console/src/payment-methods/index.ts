import AccountBalanceWalletIcon from '@mui/icons-material/AccountBalanceWallet';
import { lazy } from 'react';
import type { PaymentMethod } from '../types.ts';

/** Payment methods: admins create and edit them; deactivated, never deleted. */
export default {
  list: lazy(() => import('./PaymentMethodList.tsx')),
  show: lazy(() => import('./PaymentMethodShow.tsx')),
  edit: lazy(() => import('./PaymentMethodEdit.tsx')),
  create: lazy(() => import('./PaymentMethodCreate.tsx')),
  icon: AccountBalanceWalletIcon,
  recordRepresentation: (record: PaymentMethod) => record.name,
};
