import { OPERATIONS, transaction } from '@paydesk/contract';
import type { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transactionsRouter } from '../src/transactions/transactions.routes.ts';
import { startTestApp, TEST_DB, type TestApp } from './harness.ts';

/** Every route a router declares, as OpenAPI paths under `prefix` ("GET /api/v1/transactions/{ref}"). */
function routesOf(router: Router, prefix: string): string[] {
  return router.stack.flatMap((layer) => {
    const route = layer.route as { path: string; methods: Record<string, boolean> } | undefined;
    if (!route) return [];
    const path = prefix + route.path.replace(/:(\w+)/g, '{$1}');
    return Object.keys(route.methods).map((method) => `${method.toUpperCase()} ${path}`);
  });
}

describe(`the intake API's OpenAPI document (${TEST_DB})`, () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('is served without a session or key, as OpenAPI 3.1, and holds every route of /api/v1', async () => {
    const response = await app.client().get('/api/openapi.json');
    expect(response.status).toBe(200);
    const document = response.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toBe('3.1.0');
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const routes = routesOf(transactionsRouter({ db: app.db, gateways: undefined as never }), '/api/v1');
    expect(routes.length).toBeGreaterThan(0);
    expect(documented.sort()).toEqual(routes.sort());
  });

  it('describes bodies as JSON Schema: amounts as decimal strings, the card as the contract has it', async () => {
    const document = (await app.client().get('/api/openapi.json')).body;
    const post = document.paths['/api/v1/transactions'].post;
    const schemas = document.components.schemas;
    expect(post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/TransactionInput',
    });
    const body = schemas.TransactionInput;
    expect(body.required).toEqual(
      expect.arrayContaining(['price', 'currency', 'pay_method', 'product_id', 'callback_url']),
    );
    expect(body.properties.price.type).toBe('string');
    expect(body.properties.card).toEqual({ $ref: '#/components/schemas/CardInput' });
    expect(schemas.CardInput.properties.number.pattern).toBe('^\\d{12,19}$');
    expect(post.responses['201'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Transaction',
    });
    const created = schemas.Transaction;
    expect(created.properties.captured_amount).toMatchObject({ type: 'string' });
    expect(created.additionalProperties).toBe(false);
    // The callbacks a storefront receives, as OpenAPI 3.1 webhooks.
    expect(document.webhooks.transactionChanged.post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/TransactionCallback',
    });
  });

  it('validates what the API answers and refuses what it must not answer', () => {
    const answer = {
      status: 'started',
      token: 'a'.repeat(64),
      price: '0.99',
      currency: 'EUR',
      pay_method: 'CARD',
      carrier: 'TMOBILE',
      region: 262,
      product_id: 1,
      resource_pk: '7',
      resource_uri: '/api/v1/transactions/7',
      external_id: null,
      payment_status: 'waiting',
      fraud_status: 'unknown',
      captured_amount: '0.00',
      refunded_amount: '0.00',
      created_at: '2026-12-02T10:00:00.000Z',
    };
    expect(transaction.safeParse(answer).success).toBe(true);
    // A float amount, a column the contract does not name, a card number: each is refused.
    expect(transaction.safeParse({ ...answer, price: 0.99 }).success).toBe(false);
    expect(transaction.safeParse({ ...answer, api_key_id: 3 }).success).toBe(false);
    expect(transaction.safeParse({ ...answer, card_number: '4111111111111111' }).success).toBe(false);
  });

  it('renders the document for people at /api/docs, every operation on one page', async () => {
    const response = await app.client().get('/api/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    for (const op of OPERATIONS) expect(response.body).toContain(`${op.method.toUpperCase()} ${op.path}`);
  });
});
