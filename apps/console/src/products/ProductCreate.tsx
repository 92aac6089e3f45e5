import { Create } from 'react-admin';
import { pickProductInput } from './editable.ts';
import { ProductForm } from './ProductForm.tsx';

const defaults = { active: true, currency: 'USD', price: '' };

export const ProductCreate = () => (
  <Create transform={pickProductInput} redirect="list" record={defaults}>
    <ProductForm mode="create" />
  </Create>
);

export default ProductCreate;
