import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { dataProvider } from '../dataProvider.ts';
import { jsonResponse, renderInAdmin } from '../test/render.tsx';
import { BulkCaptureDialog } from './BulkCaptureDialog.tsx';
import { makePayment, stubApi } from './testing.tsx';

describe('the bulk capture dialog', () => {
  it('warns about selected payments that are not preauthorized', async () => {
    stubApi(makePayment());
    const records = [makePayment({ id: 1 }), makePayment({ id: 2, status: 'confirmed' })];
    renderInAdmin(<BulkCaptureDialog ids={[1, 2]} records={records} onClose={() => undefined} />, { dataProvider });
    expect(
      await screen.findByText('1 of the selected payments is not preauthorized and will be refused.'),
    ).toBeTruthy();
  });

  it('refuses more than 100 payments at once (the server would)', async () => {
    const api = stubApi(makePayment());
    const ids = Array.from({ length: 101 }, (_, index) => index + 1);
    renderInAdmin(<BulkCaptureDialog ids={ids} records={[]} onClose={() => undefined} />, { dataProvider });
    expect(await screen.findByText('Select at most 100 payments to capture at once.')).toBeTruthy();
    const confirm = screen.getByRole('button', { name: 'Capture 101 payments' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    expect(api.commandRequests()).toHaveLength(0);
  });

  it('names failed payments that are not on the page by their identifier, from the server', async () => {
    const api = stubApi(makePayment());
    const onClose = vi.fn();
    renderInAdmin(<BulkCaptureDialog ids={[9]} records={[]} onClose={onClose} />, { dataProvider });
    api.answer(() =>
      jsonResponse([
        { id: 9, ok: false, error: { code: 'GatewayDeclined', message: 'The capture was declined by the issuer' } },
      ]),
    );
    api.state.others = [makePayment({ id: 9, identifier: 'NINE9999' })];
    await userEvent.click(await screen.findByRole('button', { name: 'Capture 1 payment' }));
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('0 of 1 payments captured.')).toBeTruthy();
    expect(await within(dialog).findByText('NINE9999')).toBeTruthy();
    expect(within(dialog).getByText('The capture was declined by the issuer')).toBeTruthy();
    expect(api.requests.some((request) => request.method === 'GET' && request.url.includes('filter={"id":[9]}'))).toBe(
      true,
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledWith(true);
  });

  it('keeps the selection and says so when the request got no answer', async () => {
    const api = stubApi(makePayment());
    renderInAdmin(<BulkCaptureDialog ids={[1, 2]} records={[]} onClose={() => undefined} />, { dataProvider });
    api.answer(() => Promise.reject(new TypeError('Failed to fetch')));
    await userEvent.click(await screen.findByRole('button', { name: 'Capture 2 payments' }));
    expect(await screen.findByText(/The server could not be reached/)).toBeTruthy();
    api.answer(() =>
      jsonResponse([
        { id: 1, ok: true },
        { id: 2, ok: true },
      ]),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Capture 2 payments' }));
    expect(await screen.findByText('2 of 2 payments captured.')).toBeTruthy();
    const [first, retry] = api.commandRequests();
    expect(retry!.headers.get('Idempotency-Key')).toBe(first!.headers.get('Idempotency-Key'));
  });
});
