import ShoppingCartIcon from '@mui/icons-material/ShoppingCart';
import { lazy } from 'react';
import type { Order } from '../types.ts';

/** Orders: read-only; payment_state is derived by the server, never set by hand. */
export default {
  list: lazy(() => import('./OrderList.tsx')),
  show: lazy(() => import('./OrderShow.tsx')),
  icon: ShoppingCartIcon,
  recordRepresentation: (record: Order) => record.number,
};
