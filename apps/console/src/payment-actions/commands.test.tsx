import { renderHook } from '@testing-library/react';
import { HttpError } from 'react-admin';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../api/csrf.ts';
import { dataProvider } from '../dataProvider.ts';
import { jsonResponse } from '../test/render.tsx';
import { newIdempotencyKey, useIdempotencyKey } from './idempotency.ts';
import { describeCommandError, SignedOutError } from './useCommand.ts';

function stubFetch(answer: () => Response) {
  const fetchMock = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => answer());
  vi.stubGlobal('fetch', fetchMock);
  return (index = 0) => {
    const [input, init] = fetchMock.mock.calls[index]!;
    return {
      url: String(input),
      method: init?.method,
      headers: new Headers(init?.headers),
      body: JSON.parse(String(init?.body)),
    };
  };
}

describe('the payment commands of the dataProvider', () => {
  beforeEach(() => setCsrfToken('csrf-123'));

  it.each([
    [
      'capture',
      () => dataProvider.capture(7, { amount: '80.00' }, 'key-1'),
      '/api/payments/7/capture',
      { amount: '80.00' },
    ],
    ['capture of the total', () => dataProvider.capture(7, {}, 'key-1'), '/api/payments/7/capture', {}],
    ['void', () => dataProvider.voidPayment(7, 'key-1'), '/api/payments/7/void', {}],
    ['invalidate', () => dataProvider.invalidate(7, 'key-1'), '/api/payments/7/invalidate', {}],
    [
      'refund',
      () => dataProvider.refund(7, { amount: '10.00', reason_id: 3, note: 'Late delivery' }, 'key-1'),
      '/api/payments/7/refund',
      { amount: '10.00', reason_id: 3, note: 'Late delivery' },
    ],
    [
      'refund of what is left',
      () => dataProvider.refund(7, { reason_id: 3, note: '' }, 'key-1'),
      '/api/payments/7/refund',
      { reason_id: 3 },
    ],
    [
      'send to fraud review',
      () => dataProvider.openFraudReview(7, { note: ' Twin of a charged-back order ' }, 'key-1'),
      '/api/payments/7/fraud-review',
      { note: 'Twin of a charged-back order' },
    ],
    [
      'bulk capture',
      () => dataProvider.bulkCapture([1, '2', 3], 'key-1'),
      '/api/payments/bulk-capture',
      { ids: [1, 2, 3] },
    ],
  ])('%s: POSTs JSON with the Idempotency-Key and the CSRF token', async (_name, call, url, body) => {
    const request = stubFetch(() => jsonResponse({ id: 7, status: 'confirmed' }));
    await call();
    const sent = request();
    expect(sent.url).toBe(url);
    expect(sent.method).toBe('POST');
    expect(sent.body).toEqual(body);
    expect(sent.headers.get('Idempotency-Key')).toBe('key-1');
    expect(sent.headers.get('X-CSRF-Token')).toBe('csrf-123');
    expect(sent.headers.get('Content-Type')).toBe('application/json');
  });

  it('answers with the payment as it now stands', async () => {
    stubFetch(() => jsonResponse({ id: 7, status: 'confirmed', captured_amount: '80.00' }));
    await expect(dataProvider.capture(7, {}, 'k')).resolves.toEqual({
      id: 7,
      status: 'confirmed',
      captured_amount: '80.00',
    });
  });

  it("fails with the gateway's message and the code on a decline", async () => {
    stubFetch(() => jsonResponse({ code: 'GatewayDeclined', message: 'Card declined' }, { status: 402 }));
    const error = (await dataProvider.capture(7, {}, 'k').catch((e: unknown) => e)) as HttpError;
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(402);
    expect(error.message).toBe('Card declined');
    expect(describeCommandError(error)).toEqual({
      title: { key: 'paydesk.payment_actions.errors.declined' },
      message: 'Card declined',
      fields: {},
    });
  });
});

describe('describeCommandError', () => {
  it('puts field errors under the fields the dialog has, and the others in the sentence', async () => {
    stubFetch(() =>
      jsonResponse(
        {
          code: 'InvalidArgument',
          message: { amount: 'Too many decimals.', 'Idempotency-Key': 'Must be 1 to 255 characters.' },
        },
        { status: 400 },
      ),
    );
    const error = await dataProvider.capture(7, {}, 'k').catch((e: unknown) => e);
    expect(describeCommandError(error, ['amount'])).toEqual({
      title: undefined,
      message: 'Idempotency-Key: Must be 1 to 255 characters.',
      fields: { amount: 'Too many decimals.' },
    });
  });

  it('says the outcome is unknown when no answer came', () => {
    expect(describeCommandError(new TypeError('Failed to fetch')).message).toEqual({
      key: 'paydesk.payment_actions.errors.network',
    });
    expect(describeCommandError(new SignedOutError()).message).toEqual({
      key: 'paydesk.payment_actions.errors.signed_out',
    });
  });
});

describe('Idempotency-Keys', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('are random UUIDs, also where crypto.randomUUID is missing (plain HTTP)', () => {
    expect(newIdempotencyKey()).toMatch(UUID);
    const real = crypto;
    vi.stubGlobal('crypto', {
      getRandomValues: <T extends ArrayBufferView>(array: T) => real.getRandomValues(array as never),
    });
    const keys = new Set(Array.from({ length: 50 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(UUID);
  });

  it('stay the same for a retry of the same request, and change with the request', () => {
    const { result } = renderHook(() => useIdempotencyKey());
    const keyFor = result.current;
    const first = keyFor({ amount: '80.00' });
    expect(keyFor({ amount: '80.00' })).toBe(first);
    const second = keyFor({ amount: '70.00' });
    expect(second).not.toBe(first);
    expect(keyFor({ amount: '70.00' })).toBe(second);
    // Another dialog (another action): another key.
    const other = renderHook(() => useIdempotencyKey()).result.current;
    expect(other({ amount: '70.00' })).not.toBe(second);
  });
});
