import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../api/csrf.ts';
import { dataProvider } from '../dataProvider.ts';
import { jsonResponse } from '../test/render.tsx';

function stubFetch(answer: () => Response) {
  const fetchMock = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => answer());
  vi.stubGlobal('fetch', fetchMock);
  return (index = 0) => {
    const [input, init] = fetchMock.mock.calls[index]!;
    return {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
  };
}

describe('the fraud review commands of the dataProvider', () => {
  beforeEach(() => setCsrfToken('csrf-123'));

  it.each([
    ['claim', () => dataProvider.claimReview(7, 'key-1'), '/api/fraud-reviews/7/claim', {}],
    ['release', () => dataProvider.releaseReview(7, 'key-1'), '/api/fraud-reviews/7/release', {}],
    [
      'decision',
      () => dataProvider.decideFraud(7, { decision: 'reject', note: ' Stolen card ' }, 'key-1'),
      '/api/payments/7/fraud-decision',
      { decision: 'reject', note: 'Stolen card' },
    ],
    [
      'bulk decision',
      () => dataProvider.bulkDecideFraud([1, '2'], { decision: 'accept', note: 'Known customers' }, 'key-1'),
      '/api/payments/bulk-fraud-decision',
      { ids: [1, 2], decision: 'accept', note: 'Known customers' },
    ],
  ])('%s: POSTs JSON with the Idempotency-Key and the CSRF token', async (_name, call, url, body) => {
    const request = stubFetch(() => jsonResponse({ id: 7 }));
    await call();
    const sent = request();
    expect(sent.url).toBe(url);
    expect(sent.method).toBe('POST');
    expect(sent.body).toEqual(body);
    expect(sent.headers.get('Idempotency-Key')).toBe('key-1');
    expect(sent.headers.get('X-CSRF-Token')).toBe('csrf-123');
  });

  it("reads the queue's health", async () => {
    const request = stubFetch(() => jsonResponse({ open: 3 }));
    await expect(dataProvider.getFraudQueueHealth()).resolves.toEqual({ open: 3 });
    expect(request().url).toBe('/api/fraud-reviews/health');
    expect(request().method).toBe('GET');
  });
});
