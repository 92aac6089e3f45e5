import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { authProvider } from '../authProvider.ts';
import { jsonResponse, renderInAdmin } from '../test/render.tsx';
import { LoginPage } from './LoginPage.tsx';

const unauthenticated = () => jsonResponse({ code: 'Unauthenticated', message: 'Sign in first.' }, { status: 401 });

function stubApi(routes: Record<string, () => Response>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const route = routes[String(input)];
    return route ? route() : jsonResponse({ code: 'NotFound', message: 'No such endpoint.' }, { status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const demo = {
  accounts: [
    { email: 'admin@paydesk.test', full_name: 'Avery Admin', role: 'admin' },
    { email: 'fraud@paydesk.test', full_name: 'Frida Fraud', role: 'fraud_analyst' },
  ],
  password: 'paydesk-demo',
};

describe('LoginPage', () => {
  it('shows the demo accounts when the API has some, and a click fills email and password', async () => {
    stubApi({ '/api/auth/me': unauthenticated, '/api/auth/demo-accounts': () => jsonResponse(demo) });
    renderInAdmin(<LoginPage />, { authProvider });

    expect(await screen.findByText('Demo accounts')).toBeTruthy();
    await userEvent.click(screen.getByText('Frida Fraud · Fraud analyst'));

    expect((screen.getByLabelText(/Email/) as HTMLInputElement).value).toBe('fraud@paydesk.test');
    expect((screen.getByLabelText(/Password/) as HTMLInputElement).value).toBe('paydesk-demo');
  });

  it('shows no demo section when the API answers no accounts', async () => {
    const fetchMock = stubApi({
      '/api/auth/me': unauthenticated,
      '/api/auth/demo-accounts': () => jsonResponse({ accounts: [] }),
    });
    renderInAdmin(<LoginPage />, { authProvider });

    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    await waitFor(() => expect(fetchMock.mock.calls.map(([url]) => String(url))).toContain('/api/auth/demo-accounts'));
    // Let the answer arrive and render.
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(screen.queryByText('Demo accounts')).toBeNull();
  });

  it("says clearly when the credentials are wrong (the API's sentence)", async () => {
    stubApi({
      '/api/auth/me': unauthenticated,
      '/api/auth/demo-accounts': () => jsonResponse({ accounts: [] }),
      '/api/auth/login': () =>
        jsonResponse({ code: 'Unauthenticated', message: 'Email or password is incorrect.' }, { status: 401 }),
    });
    renderInAdmin(<LoginPage />, { authProvider });

    await userEvent.type(await screen.findByLabelText(/Email/), 'admin@paydesk.test');
    await userEvent.type(screen.getByLabelText(/Password/), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Email or password is incorrect.');
    // The form stays usable for another try.
    expect((screen.getByLabelText(/Password/) as HTMLInputElement).disabled).toBe(false);
  });
});
