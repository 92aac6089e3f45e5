import { QueryClient } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { render } from '@testing-library/react';
import { AdminContext, Notification, ResourceContextProvider } from 'react-admin';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../api/csrf.ts';
import { dataProvider } from '../dataProvider.ts';
import { i18nProvider } from '../i18n/i18nProvider.ts';
import { jsonResponse, testStore } from '../test/render.tsx';
import type { CreatedApiKey } from '../types.ts';
import { ApiKeyCreate } from './ApiKeyCreate.tsx';

const KEY = 'pdk_Zx8kPq2mW4tY7uV1aB3cD5eF6gH9jK0L';
const SECRET = 'whsec_9sQ2wE4rT6yU8iO0pA1sD3fG5hJ7kL9zX2cV4bN6mQ8';

const created: CreatedApiKey = {
  id: 5,
  name: 'Main web shop',
  key_prefix: KEY.slice(0, 12),
  created_by: 1,
  created_at: '2026-11-20T09:00:00.000Z',
  revoked_at: null,
  last_used_at: null,
  key: KEY,
  secret: SECRET,
};

interface Sent {
  method: string;
  url: string;
  headers: Headers;
  body: unknown;
}

function stubApi() {
  const sent: Sent[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = decodeURIComponent(String(input));
      const method = (init.method ?? 'GET').toUpperCase();
      sent.push({
        method,
        url,
        headers: new Headers(init.headers),
        body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      });
      if (method === 'POST' && url === '/api/api-keys') return jsonResponse(created, { status: 201 });
      return jsonResponse([], { headers: { 'Content-Range': 'api-keys */0' } });
    }),
  );
  setCsrfToken('csrf-123');
  return sent;
}

function renderCreate() {
  const queryClient = new QueryClient();
  render(
    <AdminContext dataProvider={dataProvider} i18nProvider={i18nProvider} queryClient={queryClient} store={testStore}>
      <ResourceContextProvider value="api-keys">
        <ApiKeyCreate />
      </ResourceContextProvider>
      <Notification />
    </AdminContext>,
  );
  return queryClient;
}

async function createKey() {
  await userEvent.type(await screen.findByRole('textbox', { name: /Name/ }), 'Main web shop');
  await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
  return screen.findByRole('dialog');
}

describe('creating an API key', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the key and the signing secret once, saying plainly they will not be shown again', async () => {
    const sent = stubApi();
    renderCreate();
    const dialog = await createKey();

    const post = sent.find((request) => request.method === 'POST')!;
    expect(post.url).toBe('/api/api-keys');
    expect(post.body).toEqual({ name: 'Main web shop' });
    expect(post.headers.get('X-CSRF-Token')).toBe('csrf-123');

    expect(within(dialog).getByText('API key "Main web shop" created')).toBeTruthy();
    expect(within(dialog).getByText('Shown only this once')).toBeTruthy();
    expect(within(dialog).getByText(/will never show either of them again/)).toBeTruthy();
    expect((within(dialog).getByRole('textbox', { name: 'API key' }) as HTMLInputElement).value).toBe(KEY);
    expect((within(dialog).getByRole('textbox', { name: 'Callback signing secret' }) as HTMLInputElement).value).toBe(
      SECRET,
    );
  });

  it('copies each value with its own button', async () => {
    stubApi();
    const writeText = vi.fn(async () => undefined);
    // user-event installs its own clipboard stub on setup; this one is put after it.
    const user = userEvent.setup();
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderCreate();
    await user.type(await screen.findByRole('textbox', { name: /Name/ }), 'Main web shop');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    const dialog = await screen.findByRole('dialog');

    await user.click(within(dialog).getByRole('button', { name: 'Copy the API key' }));
    expect(writeText).toHaveBeenLastCalledWith(KEY);
    expect(await screen.findByText('API key copied to the clipboard.')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Copy the signing secret' }));
    expect(writeText).toHaveBeenLastCalledWith(SECRET);
  });

  it('keeps the key and the secret out of the cache, and closes only through its button', async () => {
    stubApi();
    const queryClient = renderCreate();
    const dialog = await createKey();

    const cached = JSON.stringify(queryClient.getQueriesData({ queryKey: ['api-keys'] }));
    expect(cached).toContain('Main web shop');
    expect(cached).not.toContain(KEY);
    expect(cached).not.toContain(SECRET);

    await userEvent.keyboard('{Escape}');
    expect(screen.getByRole('dialog')).toBe(dialog);
    await userEvent.click(within(dialog).getByRole('button', { name: 'I have stored them' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.queryByText(KEY)).toBeNull();
  });
});
