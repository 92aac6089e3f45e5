import { OPERATIONS, transaction } from '@paydesk/contract';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { startTestApp, TEST_DB, type TestApp } from './harness.ts';

type RouterLayer = {
  rawPath?: unknown;
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: RouterLayer[] };
};

/** Every route registered on the app, its routers walked under their mount paths: "GET /api/payments/{id}". */
function routesOf(stack: RouterLayer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      return paths.flatMap((path) => {
        const full = (prefix + path).replace(/\/$/, '').replace(/:(\w+)/g, '{$1}') || '/';
        return Object.keys(layer.route!.methods).map((method) => `${method.toUpperCase()} ${full}`);
      });
    }
    if (!layer.handle.stack) return [];
    const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
    return routesOf(layer.handle.stack, prefix + mount);
  });
}

/** A built console's smallest form: its page. */
function consoleDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-openapi-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
  dirs.push(dir);
  return dir;
}
const dirs: string[] = [];

/** A schema that says something of the answer (not z.unknown()). */
const describes = (schema: z.ZodType) => !(schema instanceof z.ZodUnknown);

/** Routes that are no part of the API, and why. */
const NOT_API: Record<string, string> = {
  'GET /{*path}': "the console's static files and its client-side routes (served only with a built console)",
};

describe(`the API's OpenAPI document (${TEST_DB})`, () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('is served without a session or key, as OpenAPI 3.1, and holds every route the app registers', async () => {
    const response = await app.client().get('/api/openapi.json');
    expect(response.status).toBe(200);
    const document = response.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toBe('3.1.0');
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // The real app, with a console to serve so that its routes are registered too.
    const express = createApp({ database: app.database, logger: pino({ level: 'silent' }), consoleDir: consoleDir() });
    const routes = [...new Set(routesOf((express as unknown as { router: { stack: RouterLayer[] } }).router.stack))];
    expect(routes).toContain('POST /api/payments/{id}/refund');
    expect(routes).toContain('GET /api/monitoring/alert-deliveries/{id}/attempts');
    const api = routes.filter((route) => !(route in NOT_API));
    expect(
      api.filter((route) => !documented.includes(route)),
      'routes missing from the document',
    ).toEqual([]);
    expect(
      documented.filter((route) => !api.includes(route)),
      'documented routes the app lacks',
    ).toEqual([]);
    expect(new Set(documented).size).toBe(documented.length);
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

  it('describes every JSON answer field by field, but for the few listed with their reason', () => {
    /** Answers that are no JSON record of the API, or not yet described, and why. */
    const UNDESCRIBED: [RegExp, string][] = [
      [/\.csv$/, 'CSV exports: their columns are the list records’ fields'],
      [/^\/api\/(openapi\.json|docs)$/, 'the document itself, and its page for people'],
      [/^\/metrics$/, 'the Prometheus text format'],
    ];
    const undescribed = OPERATIONS.flatMap((op) =>
      Object.entries(op.responses)
        .filter(([status, response]) => Number(status) < 300 && !(response.schema && describes(response.schema)))
        .map(([status]) => `${op.method.toUpperCase()} ${op.path} ${status}`),
    ).filter((answer) => !UNDESCRIBED.some(([path]) => path.test(answer.split(' ')[1]!)));
    expect(undescribed, 'answers without a schema').toEqual([]);
  });

  it('describes the monitoring queries parameter by parameter, and the webhooks Paydesk takes and sends', async () => {
    const document = (await app.client().get('/api/openapi.json')).body;
    const failures = document.paths['/api/monitoring/failures'].get;
    const params = Object.fromEntries(failures.parameters.map((p: { name: string }) => [p.name, p]));
    expect(Object.keys(params).sort()).toEqual(['bucket', 'payment_method_id', 'range', 'signal']);
    expect(params.range).toMatchObject({
      in: 'query',
      required: false,
      schema: { enum: ['24h', '7d', '30d'], default: '24h' },
    });
    expect(params.signal.schema.enum).toEqual([
      'failures',
      'declines',
      'technical',
      'fraud',
      'capture',
      'void',
      'refund',
    ]);
    expect(params.payment_method_id.schema).toMatchObject({ type: 'integer', exclusiveMinimum: 0 });
    expect(failures.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/FailureSeries',
    });
    expect(failures.responses['404']).toBeDefined();
    const alerts = document.paths['/api/monitoring/alerts'].get;
    expect(alerts.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['payment_method_id', 'signal']);
    expect(
      document.paths['/api/monitoring/alert-deliveries'].get.responses['200'].content['application/json'].schema,
    ).toMatchObject({ type: 'array', items: { $ref: '#/components/schemas/AlertDelivery' } });

    // What gateways and operators send, and what they are answered.
    const schemaOf = (path: string, part: 'request' | '200') => {
      const post = document.paths[path].post;
      return (part === 'request' ? post.requestBody : post.responses['200']).content['application/json'].schema;
    };
    expect(schemaOf('/api/webhooks/{gateway}/{paymentMethodId}', 'request')).toEqual({
      $ref: '#/components/schemas/StripeEvent',
    });
    expect(schemaOf('/api/webhooks/{gateway}/{paymentMethodId}', '200')).toEqual({
      $ref: '#/components/schemas/GatewayWebhookAnswer',
    });
    expect(schemaOf('/api/webhooks/carrier/{methodId}', 'request')).toEqual({
      $ref: '#/components/schemas/CarrierNotification',
    });
    expect(document.components.schemas.CarrierNotification.properties.type.enum).toEqual([
      'charge.confirmed',
      'charge.declined',
      'charge.lapsed',
      'charge.refunded',
    ]);
    expect(document.components.schemas.GatewayWebhookAnswer.properties.outcome.enum).toContain('disagrees');
    // The spike alerts sent to alert_webhook_urls, beside the storefronts' callbacks.
    expect(document.webhooks.spikeAlert.post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/SpikeAlert',
    });
    expect(document.components.schemas.SpikeAlert.additionalProperties).toBe(false);

    // Every reference points at a component of the document (none at a `$defs` the document has not).
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(100);
    expect(
      refs.filter(
        (ref) => !(ref.startsWith('#/components/schemas/') && ref.split('/').pop()! in document.components.schemas),
      ),
    ).toEqual([]);
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
