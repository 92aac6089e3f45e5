import Inventory2Icon from '@mui/icons-material/Inventory2';
import { lazy } from 'react';
import type { Product } from '../types.ts';

/** Products storefronts sell through the intake API: everyone reads them, admins write them. */
export default {
  list: lazy(() => import('./ProductList.tsx')),
  create: lazy(() => import('./ProductCreate.tsx')),
  edit: lazy(() => import('./ProductEdit.tsx')),
  icon: Inventory2Icon,
  recordRepresentation: (record: Product) => record.name,
};
