import { z } from 'zod';
import { errorBody } from './common.ts';
import { spikeAlertBody } from './monitoring.ts';
import { STAFF_OPERATIONS } from './staff-operations.ts';
import { transaction, transactionCallback, transactionInput, transactionList } from './transactions.ts';

/** One operation of the API as the document describes it. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI's form: `/api/v1/transactions/{ref}`. */
  path: string;
  summary: string;
  /** apiKey: a storefront's key; session: a staff session (and X-CSRF-Token on writes); none: public. */
  security: 'apiKey' | 'session' | 'none';
  parameters?: { name: string; in: 'path' | 'query' | 'header'; required?: boolean; description: string }[];
  /** The query the BFF parses with this schema: each field a query parameter, its JSON Schema and description. */
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Status → the answer's schema (null: no body). */
  responses: Record<number, { description: string; schema: z.ZodType | null; headers?: string[] }>;
}

const errors = {
  400: { description: 'Invalid input: the fields and what is wrong with each.', schema: errorBody },
  401: { description: 'No API key, or one that is revoked.', schema: errorBody },
  429: { description: 'Too many requests for this key; Retry-After says when to try again.', schema: errorBody },
} as const;

/** The intake API for storefronts. */
export const INTAKE_OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/api/v1/transactions',
    summary: 'Take a payment: card (charged or authorized by the method) or carrier billing (the buyer confirms).',
    security: 'apiKey',
    parameters: [
      {
        name: 'Idempotency-Key',
        in: 'header',
        description:
          'Sent again with the same body, the request answers what it answered the first time. 1 to 255 characters, never holding a card number (400).',
      },
    ],
    body: transactionInput,
    responses: {
      201: {
        description: 'Received: status "started"; the outcome follows in callbacks and in GET.',
        schema: transaction,
        headers: ['Location', 'Idempotent-Replayed'],
      },
      ...errors,
      409: { description: 'external_id or Idempotency-Key already used for another request.', schema: errorBody },
      422: { description: 'The payment cannot be taken (method unavailable, product inactive).', schema: errorBody },
    },
  },
  {
    method: 'get',
    path: '/api/v1/transactions',
    summary: "The key's transactions, newest first.",
    security: 'apiKey',
    parameters: [
      { name: 'limit', in: 'query', description: '1 to 100 (default 20).' },
      { name: 'offset', in: 'query', description: 'From 0.' },
      { name: 'status', in: 'query', description: 'One or more statuses, separated by commas.' },
      { name: 'created__gte', in: 'query', description: 'ISO 8601 date or time.' },
      { name: 'created__lte', in: 'query', description: 'ISO 8601 date or time.' },
    ],
    responses: { 200: { description: 'A page of transactions.', schema: transactionList }, ...errors },
  },
  {
    method: 'get',
    path: '/api/v1/transactions/{ref}',
    summary: 'One transaction, by its resource_pk or its token.',
    security: 'apiKey',
    parameters: [{ name: 'ref', in: 'path', required: true, description: 'resource_pk or token.' }],
    responses: {
      200: { description: 'The transaction.', schema: transaction },
      401: errors[401],
      404: { description: "No such transaction for this key (another key's is a 404 too).", schema: errorBody },
      429: errors[429],
    },
  },
];

/** Every route of the BFF, as `GET /api/openapi.json` publishes it: the intake API, then the staff API. */
export const OPERATIONS: Operation[] = [...INTAKE_OPERATIONS, ...STAFF_OPERATIONS];

const SECURITY = { apiKey: [{ apiKey: [] }], session: [{ session: [] }], none: [] } as const;

const COMPONENT_URI = (id: string) => `#/components/schemas/${id}`;
const SCHEMA_OPTIONS = { target: 'draft-2020-12', unrepresentable: 'any', uri: COMPONENT_URI } as const;

/**
 * A zod schema as JSON Schema (draft 2020-12, OpenAPI 3.1's dialect): a reference to its component when it has an
 * id (`.meta({ id })`), the schema itself otherwise, its named parts referenced.
 */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output') {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: COMPONENT_URI(id) };
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { ...SCHEMA_OPTIONS, io }) as Record<string, unknown>;
  return toComponents(rest);
}

/**
 * zod names a part with an id (a list's items) in a `$defs` of the schema itself; in the document, `#/$defs/…`
 * would point at the document's root. Each such part is referenced as its component instead.
 */
function toComponents(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toComponents);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== '$defs')
      .map(([key, child]) =>
        key === '$ref' && typeof child === 'string' && child.startsWith('#/$defs/')
          ? [key, COMPONENT_URI(child.slice('#/$defs/'.length))]
          : [key, toComponents(child)],
      ),
  );
}

/** Every schema with an id, once: the document's components. */
function componentSchemas() {
  const { schemas } = z.toJSONSchema(z.globalRegistry, SCHEMA_OPTIONS) as {
    schemas: Record<string, Record<string, unknown>>;
  };
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _dialect, ...rest }]) => [id, rest]));
}

/** A query schema's fields as OpenAPI query parameters: required unless absent is valid, as sent (io: input). */
function queryParameters(query: z.ZodObject) {
  return Object.entries(query.shape).map(([name, field]) => {
    const schema = field as z.ZodType;
    const {
      $schema: _dialect,
      description,
      ...rest
    } = z.toJSONSchema(schema, { ...SCHEMA_OPTIONS, io: 'input' }) as Record<string, unknown>;
    return {
      name,
      in: 'query',
      required: !schema.safeParse(undefined).success,
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

/** The OpenAPI 3.1 document of `operations`. */
export function openApiDocument(operations: Operation[] = OPERATIONS, version = '1.0.0') {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    paths[op.path] ??= {};
    const parameters = [
      ...(op.parameters ?? []).map((p) => ({
        name: p.name,
        in: p.in,
        required: p.required ?? false,
        description: p.description,
        schema: { type: 'string' },
      })),
      ...(op.query ? queryParameters(op.query) : []),
    ];
    paths[op.path]![op.method] = {
      summary: op.summary,
      security: SECURITY[op.security],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body) } } } }
        : {}),
      responses: Object.fromEntries(
        Object.entries(op.responses).map(([status, r]) => [
          status,
          {
            description: r.description,
            ...(r.headers
              ? { headers: Object.fromEntries(r.headers.map((h) => [h, { schema: { type: 'string' } }])) }
              : {}),
            ...(r.schema ? { content: { 'application/json': { schema: jsonSchema(r.schema) } } } : {}),
          },
        ]),
      ),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Paydesk API',
      version,
      description:
        'Storefronts take payments through `/api/v1` with an API key (`Authorization: Bearer <key>`); the console and staff tools use the rest of `/api` with a staff session (`POST /api/auth/login`; writes carry `X-CSRF-Token`). Amounts are decimal strings in the minor unit of their currency; times are ISO 8601 UTC; card numbers are used for one gateway call and never kept.',
    },
    webhooks: {
      transactionChanged: {
        post: {
          summary:
            "Sent to the transaction's callback_url at every change of its status, fraud status, captured or refunded amount; retried until answered 2xx.",
          parameters: [
            {
              name: 'Paydesk-Signature',
              in: 'header',
              required: true,
              description: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the API key\'s signing secret>.',
              schema: { type: 'string' },
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(transactionCallback) } } },
          responses: { '200': { description: 'Any 2xx: received. Anything else is retried.' } },
        },
      },
      spikeAlert: {
        post: {
          summary:
            "Sent to each alert_webhook_urls URL when a signal's spike starts (spike.started) and when it resolves (spike.resolved); retried for 24 hours until answered 2xx. Its `text` makes it a Slack incoming-webhook message.",
          parameters: [
            {
              name: 'Paydesk-Signature',
              in: 'header',
              required: true,
              description:
                't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the alert signing secret (GET /api/monitoring/alert-signing-secret)>.',
              schema: { type: 'string' },
            },
            {
              name: 'Paydesk-Event',
              in: 'header',
              required: true,
              description: 'spike.started or spike.resolved.',
              schema: { type: 'string' },
            },
            {
              name: 'Paydesk-Delivery',
              in: 'header',
              required: true,
              description: 'alert-<delivery id>: the same on every retry of one delivery.',
              schema: { type: 'string' },
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spikeAlertBody) } } },
          responses: { '200': { description: 'Any 2xx: received. Anything else is retried.' } },
        },
      },
    },
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key made by an admin.' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'paydesk_session',
          description: 'The session cookie of POST /api/auth/login; state-changing requests also send X-CSRF-Token.',
        },
      },
    },
    paths,
  };
}
