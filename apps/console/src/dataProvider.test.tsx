import { HttpError } from 'react-admin';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getCsrfToken, setCsrfToken } from './api/csrf.ts';
import { cleanFilter, dataProvider, httpClient } from './dataProvider.ts';
import { jsonResponse } from './test/render.tsx';

type FetchArgs = [input: RequestInfo | URL, init?: RequestInit];

function stubFetch(answer: (url: string, init?: RequestInit) => Response) {
  const fetchMock = vi.fn(async (...[input, init]: FetchArgs) => answer(String(input), init));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function requestOf(fetchMock: ReturnType<typeof stubFetch>, index = 0) {
  const call = fetchMock.mock.calls[index];
  if (!call) throw new Error(`no fetch call #${index}`);
  const [input, init] = call;
  return { url: decodeURIComponent(String(input)), init: init ?? {}, headers: new Headers(init?.headers) };
}

const paymentMethod = { id: 3, name: 'Card', active: true };

describe('httpClient', () => {
  beforeEach(() => setCsrfToken('csrf-123'));

  it('sends no CSRF token on GET, and the session cookie (same origin)', async () => {
    const fetchMock = stubFetch(() =>
      jsonResponse([paymentMethod], { headers: { 'Content-Range': 'payment-methods 0-0/1' } }),
    );
    const { data, total } = await dataProvider.getList('payment-methods', {
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'name', order: 'ASC' },
      filter: {},
    });
    expect(data).toEqual([paymentMethod]);
    expect(total).toBe(1);
    const { url, init, headers } = requestOf(fetchMock);
    expect(url).toBe('/api/payment-methods?filter={}&range=[0,24]&sort=["name","ASC"]');
    expect(init.credentials).toBe('same-origin');
    expect(headers.has('X-CSRF-Token')).toBe(false);
  });

  it('sends X-CSRF-Token on PUT, POST and DELETE', async () => {
    const fetchMock = stubFetch(() => jsonResponse(paymentMethod));
    await dataProvider.update('payment-methods', { id: 3, data: { active: false }, previousData: paymentMethod });
    await dataProvider.create('refund-reasons', { data: { name: 'Duplicate', code: 'duplicate', active: true } });
    await dataProvider.delete('payment-methods', { id: 3, previousData: paymentMethod });
    const methods = fetchMock.mock.calls.map(([, init]) => init?.method);
    expect(methods).toEqual(['PUT', 'POST', 'DELETE']);
    for (let index = 0; index < 3; index++) {
      const { init, headers } = requestOf(fetchMock, index);
      expect(headers.get('X-CSRF-Token')).toBe('csrf-123');
      expect(init.credentials).toBe('same-origin');
    }
    expect(requestOf(fetchMock, 0).init.body).toBe('{"active":false}');
  });

  it('fetches the token from /api/auth/me first when the page was reloaded and it is not known', async () => {
    setCsrfToken(null);
    const fetchMock = stubFetch((url) =>
      url === '/api/auth/me'
        ? jsonResponse({ id: 1, full_name: 'Ada', email: 'ada@paydesk.test', role: 'admin', csrf_token: 'fresh' })
        : jsonResponse(paymentMethod),
    );
    await httpClient('/api/payment-methods/3', { method: 'PUT', body: '{}' });
    expect(requestOf(fetchMock, 0).url).toBe('/api/auth/me');
    expect(requestOf(fetchMock, 1).headers.get('X-CSRF-Token')).toBe('fresh');
    expect(getCsrfToken()).toBe('fresh');
  });

  it("turns the API's sentence into the error message", async () => {
    stubFetch(() =>
      jsonResponse({ code: 'Forbidden', message: 'Your role may not edit payment methods.' }, { status: 403 }),
    );
    const error = await httpClient('/api/payment-methods/3', { method: 'PUT', body: '{}' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).message).toBe('Your role may not edit payment methods.');
    expect((error as HttpError).status).toBe(403);
  });

  it('turns a field map into form errors (body.errors) and a joined message', async () => {
    stubFetch(() =>
      jsonResponse(
        { code: 'InvalidArgument', message: { name: 'This field is required.', type: 'Unknown type.' } },
        { status: 400 },
      ),
    );
    const error = (await dataProvider
      .create('payment-methods', { data: { name: '' } })
      .catch((e: unknown) => e)) as HttpError;
    expect(error.message).toBe('name: This field is required. type: Unknown type.');
    expect(error.body.errors).toEqual({ name: 'This field is required.', type: 'Unknown type.' });
    expect(error.body.code).toBe('InvalidArgument');
  });
});

describe('cleanFilter', () => {
  it('drops cleared filters (an empty "any of" list would match nothing) and keeps false', () => {
    expect(cleanFilter({ status: [], q: '', currency: null, success: false, fraud_status: ['review'] })).toEqual({
      success: false,
      fraud_status: ['review'],
    });
  });

  it('is applied to list requests', async () => {
    const fetchMock = stubFetch(() => jsonResponse([], { headers: { 'Content-Range': 'payments */0' } }));
    await dataProvider.getList('payments', {
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'created_at', order: 'DESC' },
      filter: { status: [], q: 'K7QW' },
    });
    expect(requestOf(fetchMock).url).toContain('filter={"q":"K7QW"}');
  });

  it('sends the range in the query only: with a Range header the browser would ask for the answer uncompressed', async () => {
    const fetchMock = stubFetch(() => jsonResponse([], { headers: { 'Content-Range': 'payments */0' } }));
    await dataProvider.getList('payments', {
      pagination: { page: 2, perPage: 25 },
      sort: { field: 'created_at', order: 'DESC' },
      filter: {},
    });
    const request = requestOf(fetchMock);
    expect(request.url).toContain('range=[25,49]');
    expect(request.headers.has('Range')).toBe(false);
  });
});
