import { NAME_MAX } from '@paydesk/contract/rules';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Create, maxLength, required, SimpleForm, TextInput, useRedirect } from 'react-admin';
import type { ApiKey, CreatedApiKey } from '../types.ts';
import { KeyCreatedDialog } from './KeyCreatedDialog.tsx';
import { SaveOnlyToolbar } from '../common/SaveOnlyToolbar.tsx';

/** The record without what is shown only once. */
function withoutSecrets<T extends object>(record: T): Omit<T, 'key' | 'secret'> {
  const { key: _key, secret: _secret, ...rest } = record as T & { key?: unknown; secret?: unknown };
  return rest;
}

/**
 * react-admin caches the created record as it came back; the key and secret are taken out of that cache
 * at once, so no later screen can show them (the dialog holds the only copy).
 */
function forgetSecrets(queryClient: QueryClient) {
  queryClient.setQueriesData<unknown>({ queryKey: ['api-keys'] }, (data: unknown) =>
    data && typeof data === 'object' && !Array.isArray(data) && 'key' in data ? withoutSecrets(data) : data,
  );
}

/** Names a new storefront key; the key and its signing secret are then shown once, in a dialog. */
export const ApiKeyCreate = () => {
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const queryClient = useQueryClient();
  const redirect = useRedirect();
  const onSuccess = (data: ApiKey) => {
    forgetSecrets(queryClient);
    setCreated(data as CreatedApiKey);
  };
  const close = () => {
    setCreated(null);
    redirect('list', 'api-keys');
  };
  return (
    <>
      <Create<ApiKey> redirect={false} transform={(data) => ({ name: data.name })} mutationOptions={{ onSuccess }}>
        <SimpleForm toolbar={<SaveOnlyToolbar label="paydesk.api_keys.create" />} sx={{ maxWidth: 560 }}>
          <TextInput
            source="name"
            validate={[required(), maxLength(NAME_MAX)]}
            helperText="paydesk.api_keys.name_help"
            fullWidth
          />
        </SimpleForm>
      </Create>
      {created ? <KeyCreatedDialog apiKey={created} onClose={close} /> : null}
    </>
  );
};

export default ApiKeyCreate;
