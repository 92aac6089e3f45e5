import { PRODUCT_NAME_MAX } from '@paydesk/contract/rules';
import { useMemo } from 'react';
import {
  BooleanInput,
  DeleteWithConfirmButton,
  FormDataConsumer,
  maxLength,
  required,
  SaveButton,
  SelectInput,
  SimpleForm,
  TextInput,
  Toolbar,
  useRecordContext,
} from 'react-admin';
import { CURRENCIES } from '../common/choices.ts';
import type { Product } from '../types.ts';
import { PriceInput } from './PriceInput.tsx';

/** The four currencies of the shop, and the product's own if it is sold in another (set through the API). */
function useCurrencyChoices() {
  const record = useRecordContext<Product>();
  return useMemo(() => {
    const codes: string[] = [...CURRENCIES];
    if (record?.currency && !codes.includes(record.currency)) codes.push(record.currency);
    return codes.map((id) => ({ id, name: id }));
  }, [record?.currency]);
}

/** Delete asks first and waits for the server: a product with transactions is refused (409), to be made inactive. */
const EditToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    {/* Its confirmation: resources.products.message.delete_title / delete_content. */}
    <DeleteWithConfirmButton mutationMode="pessimistic" />
  </Toolbar>
);

const CreateToolbar = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);

/** A product's fields, on create and edit. */
export const ProductForm = ({ mode }: { mode: 'create' | 'edit' }) => {
  const currencyChoices = useCurrencyChoices();
  return (
    <SimpleForm toolbar={mode === 'edit' ? <EditToolbar /> : <CreateToolbar />} sx={{ maxWidth: 560 }}>
      <TextInput source="name" validate={[required(), maxLength(PRODUCT_NAME_MAX)]} fullWidth />
      <SelectInput source="currency" choices={currencyChoices} validate={required()} />
      <FormDataConsumer<Partial<Product>>>
        {({ formData }) => <PriceInput currency={formData.currency ?? undefined} />}
      </FormDataConsumer>
      <BooleanInput source="active" helperText="paydesk.products.active_help" />
    </SimpleForm>
  );
};
