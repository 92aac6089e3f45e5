import { Edit } from 'react-admin';
import { pickProductInput } from './editable.ts';
import { ProductForm } from './ProductForm.tsx';

// Pessimistic: the API's field errors ({price: sentence}) come back under the inputs.
export const ProductEdit = () => (
  <Edit mutationMode="pessimistic" transform={pickProductInput} redirect="list">
    <ProductForm mode="edit" />
  </Edit>
);

export default ProductEdit;
