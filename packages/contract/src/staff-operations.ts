import { z } from 'zod';
import { auditEvent, auditEventList } from './audit-events.ts';
import { errorBody } from './common.ts';
import { moneyAtAGlance, needsAttentionCounts } from './dashboard.ts';
import {
  captureRun,
  captureRunItemList,
  captureRunList,
  captureRunPreview,
  captureRunSelection,
} from './capture-runs.ts';
import {
  fraudDecision,
  fraudDecisionList,
  fraudQueueHealth,
  fraudReview,
  fraudReviewList,
  relatedPayments,
} from './fraud-reviews.ts';
import {
  apiKey,
  apiKeyBody,
  apiKeyList,
  callbackAttempt,
  callbackAttemptList,
  callbackDelivery,
  callbackDeliveryList,
  createdApiKey,
} from './integrations.ts';
import { logEntry, logEntryList } from './log-entries.ts';
import {
  alertAttemptList,
  alertDelivery,
  alertDeliveryList,
  alertSigningSecret,
  failureSeries,
  failureSeriesQuery,
  spikeAlerts,
  spikeAlertsQuery,
  spikeEpisode,
  spikeEpisodeList,
} from './monitoring.ts';
import type { Operation } from './openapi.ts';
import { order, orderList, paymentOptions, staffPaymentBody } from './orders.ts';
import {
  bulkCaptureBody,
  bulkFraudDecisionBody,
  bulkResults,
  captureBody,
  emptyBody,
  fraudDecisionBody,
  fraudReviewBody,
  markFailedBody,
  payment,
  paymentList,
  reconciledPayment,
  refundBody,
  refundPendingApproval,
} from './payments.ts';
import { paymentMethod, paymentMethodBody, paymentMethodList, paymentMethodUpdateBody } from './payment-methods.ts';
import { productBody, product, productList } from './products.ts';
import {
  refund,
  refundApproval,
  refundApprovalDecisionBody,
  refundApprovalList,
  refundList,
  refundReason,
  refundReasonBody,
  refundReasonList,
} from './refunds.ts';
import { setting, settingBody, settingList } from './settings.ts';
import {
  demoAccounts,
  emptyAnswer,
  loginBody,
  passwordChangeBody,
  passwordResetBody,
  savedView,
  savedViewBody,
  savedViewList,
  staffSession,
  staffUser,
  staffUserCreateBody,
  staffUserList,
  staffUserUpdateBody,
} from './staff.ts';
import { paymentTimeline } from './timeline.ts';
import { carrierNotification, carrierNotificationAnswer, gatewayWebhookAnswer, stripeEvent } from './webhooks.ts';

/** The staff API (`/api/<resource>`, a staff session and its CSRF token) and the operational endpoints. */

const staffErrors = {
  400: { description: 'Invalid input: the fields and what is wrong with each.', schema: errorBody },
  401: { description: 'No valid session.', schema: errorBody },
  403: { description: "The staff member's role does not allow it (audited), or no CSRF token.", schema: errorBody },
} as const;
const notFound = { description: 'No such record.', schema: errorBody };
const commandErrors = {
  ...staffErrors,
  404: notFound,
  409: { description: 'Not allowed from the current status, or the Idempotency-Key is in use.', schema: errorBody },
  402: { description: 'The gateway declined.', schema: errorBody },
  422: { description: 'Above what may be captured or refunded.', schema: errorBody },
  502: { description: 'The gateway could not be reached; the payment is now `error`.', schema: errorBody },
} as const;

const idParam = { name: 'id', in: 'path' as const, required: true, description: 'The record id.' };
const listParams = [
  { name: 'sort', in: 'query' as const, description: 'JSON ["field","ASC"|"DESC"] (default newest first).' },
  { name: 'range', in: 'query' as const, description: 'JSON [first, last] (default [0,24]).' },
  {
    name: 'filter',
    in: 'query' as const,
    description: 'JSON object of field → value (an array: any of), q, _gte/_lte.',
  },
];
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header' as const,
  description: '1–255 characters; the same key and request within 24 hours answers the first response again.',
};

function staff(
  method: Operation['method'],
  path: string,
  summary: string,
  ok: { status?: number; schema: z.ZodType | null; description?: string },
  extra: Partial<Pick<Operation, 'body' | 'parameters' | 'query'>> & { command?: boolean } = {},
): Operation {
  const params = [...(path.includes('{id}') ? [idParam] : []), ...(extra.parameters ?? [])];
  const responses: Operation['responses'] = {
    [ok.status ?? 200]: { description: ok.description ?? 'Done.', schema: ok.schema },
    ...(extra.command ? commandErrors : staffErrors),
  };
  if (path.includes('{id}')) responses[404] = notFound;
  return {
    method,
    path,
    summary,
    security: 'session',
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(extra.query ? { query: extra.query } : {}),
    ...(extra.body ? { body: extra.body } : {}),
    responses,
  };
}

/** An operation that also answers 404 (a record its query names does not exist). */
function withNotFound(op: Operation, description: string): Operation {
  op.responses[404] = { description, schema: errorBody };
  return op;
}

/** `GET /api/<name>` (a page and Content-Range), `GET /api/<name>/export.csv` when `csv`, `GET /api/<name>/{id}`. */
function readable(name: string, noun: string, one: z.ZodType | null, list: z.ZodType | null, csv = false): Operation[] {
  const base = `/api/${name}`;
  const listOp = staff(
    'get',
    base,
    `A page of ${noun} records (ra-data-simple-rest).`,
    { schema: list },
    {
      parameters: listParams,
    },
  );
  listOp.responses[200] = { description: 'The page.', schema: list, headers: ['Content-Range'] };
  return [
    listOp,
    ...(csv
      ? [
          staff(
            'get',
            `${base}/export.csv`,
            `Every ${noun} record the list's filter matches, as CSV, streamed.`,
            {
              schema: null,
              description: 'text/csv.',
            },
            { parameters: listParams },
          ),
        ]
      : []),
    staff('get', `${base}/{id}`, `One ${noun} record.`, { schema: one }),
  ];
}

/** Create, update and delete of a resource staff may edit. */
function writable(
  name: string,
  noun: string,
  record: z.ZodType | null,
  { put = true, del = true, body }: { put?: boolean; del?: boolean; body?: z.ZodType } = {},
): Operation[] {
  const base = `/api/${name}`;
  const withBody = body ? { body } : {};
  return [
    staff('post', base, `Make a ${noun} record.`, { status: 201, schema: record }, withBody),
    ...(put ? [staff('put', `${base}/{id}`, `Change a ${noun} record.`, { schema: record }, withBody)] : []),
    ...(del ? [staff('delete', `${base}/{id}`, `Delete (or revoke) a ${noun} record.`, { schema: record })] : []),
  ];
}

const paymentCommand = (name: string, summary: string, body: z.ZodType) =>
  staff(
    'post',
    `/api/payments/{id}/${name}`,
    summary,
    { schema: payment, description: 'The payment as it now stands.' },
    {
      body,
      command: true,
      parameters: [idempotencyKey],
    },
  );

/** `PUT /api/settings/{id}`: applied (200), or filed for a second admin when it weakens a money control (202). */
const settingChange = staff(
  'put',
  '/api/settings/{id}',
  'Change a setting (a weakened money control waits for a second admin).',
  { schema: setting, description: 'Applied.' },
  { body: settingBody },
);
settingChange.responses[202] = {
  description: 'It weakens a money control: filed as pending_change until a second admin approves it.',
  schema: setting,
};
settingChange.responses[409] = { description: 'This setting is not changed by hand.', schema: errorBody };

/** `POST /api/auth/password`: too many wrong current passwords lock the account (429, Retry-After). */
const passwordChange = staff(
  'post',
  '/api/auth/password',
  'Change your own password; your other sessions end.',
  { schema: emptyAnswer },
  { body: passwordChangeBody },
);
passwordChange.responses[429] = {
  description: 'Too many wrong passwords: the account is locked; Retry-After says until when.',
  schema: errorBody,
};

export const STAFF_OPERATIONS: Operation[] = [
  // Payments: the money moves only through these commands.
  ...readable('payments', 'payment', payment, paymentList, true),
  paymentCommand('capture', 'Capture an authorization: all of it, or `amount`.', captureBody),
  paymentCommand('void', 'Void an authorization.', emptyBody),
  paymentCommand('invalidate', 'Invalidate a payment that took no money.', emptyBody),
  paymentCommand('fraud-decision', 'Accept or reject a payment under fraud review.', fraudDecisionBody),
  paymentCommand('fraud-review', 'Send a payment to fraud review.', fraudReviewBody),
  paymentCommand('mark-failed', 'Mark a payment whose outcome is unknown as failed.', markFailedBody),
  {
    ...paymentCommand('refund', 'Refund what was captured: all that is left, or `amount`.', refundBody),
    responses: {
      ...paymentCommand('refund', '', refundBody).responses,
      202: {
        description: 'Above the approval threshold: waiting for a second person.',
        schema: refundPendingApproval,
      },
    },
  },
  staff(
    'post',
    '/api/payments/{id}/reconcile',
    'Ask the gateway what became of an unknown operation.',
    {
      schema: reconciledPayment,
    },
    { body: emptyBody, command: true },
  ),
  staff(
    'post',
    '/api/payments/bulk-capture',
    'Capture each of these authorizations.',
    { schema: bulkResults },
    {
      body: bulkCaptureBody,
      command: true,
      parameters: [idempotencyKey],
    },
  ),
  staff(
    'post',
    '/api/payments/bulk-fraud-decision',
    'Accept or reject each of these payments.',
    { schema: bulkResults },
    {
      body: bulkFraudDecisionBody,
      command: true,
      parameters: [idempotencyKey],
    },
  ),
  staff('get', '/api/payments/{id}/timeline', "The payment's audit events and gateway log entries, newest first.", {
    schema: paymentTimeline,
  }),
  // Orders and the payments staff add to them.
  ...readable('orders', 'order', order, orderList, true),
  staff('get', '/api/orders/{id}/payment-options', 'What is left to pay and the methods staff may use.', {
    schema: paymentOptions,
  }),
  staff(
    'post',
    '/api/orders/{id}/payments',
    'Take a payment for the order (an Idempotency-Key is required).',
    {
      status: 201,
      schema: payment,
    },
    { body: staffPaymentBody, command: true, parameters: [{ ...idempotencyKey, required: true }] },
  ),
  // Refunds and their approvals.
  ...readable('refunds', 'refund', refund, refundList, true),
  ...readable('refund-approvals', 'refund approval', refundApproval, refundApprovalList),
  staff(
    'post',
    '/api/refund-approvals/{id}/approve',
    'Approve a refund waiting for a second person: it runs.',
    {
      schema: refundApproval,
      description: 'The approval as it now stands, refund_id naming the refund that ran.',
    },
    { body: refundApprovalDecisionBody, command: true, parameters: [idempotencyKey] },
  ),
  staff(
    'post',
    '/api/refund-approvals/{id}/reject',
    'Reject a refund waiting for a second person.',
    {
      schema: refundApproval,
      description: 'The approval as it now stands.',
    },
    { body: refundApprovalDecisionBody, command: true, parameters: [idempotencyKey] },
  ),
  ...readable('refund-reasons', 'refund reason', refundReason, refundReasonList),
  ...writable('refund-reasons', 'refund reason', refundReason, { body: refundReasonBody }),
  // Capture runs.
  staff('get', '/api/capture-runs', 'A page of capture runs.', { schema: captureRunList }, { parameters: listParams }),
  staff(
    'post',
    '/api/capture-runs',
    'Start a capture run of these payments or of a payments-list filter.',
    {
      status: 202,
      schema: captureRun,
    },
    { body: captureRunSelection, command: true, parameters: [idempotencyKey] },
  ),
  staff(
    'post',
    '/api/capture-runs/preview',
    'What a run of this selection would do now.',
    {
      schema: captureRunPreview,
    },
    { body: captureRunSelection },
  ),
  staff('get', '/api/capture-runs/{id}', 'One capture run, its counts as they stand.', { schema: captureRun }),
  staff(
    'get',
    '/api/capture-runs/{id}/items',
    "A page of the run's payments and what became of each.",
    {
      schema: captureRunItemList,
    },
    { parameters: listParams },
  ),
  staff('get', '/api/capture-runs/{id}/items.csv', "The run's payments as CSV.", {
    schema: null,
    description: 'text/csv.',
  }),
  staff(
    'post',
    '/api/capture-runs/{id}/cancel',
    'Cancel a run: what is not started is skipped.',
    { schema: captureRun },
    {
      body: emptyBody,
      command: true,
      parameters: [idempotencyKey],
    },
  ),
  staff(
    'post',
    '/api/capture-runs/{id}/retry',
    'A new run of the failed payments of this one.',
    {
      status: 202,
      schema: captureRun,
    },
    { body: emptyBody, command: true, parameters: [idempotencyKey] },
  ),
  // Fraud reviews and decisions.
  staff('get', '/api/fraud-reviews/health', 'The review queue at a glance.', { schema: fraudQueueHealth }),
  ...readable('fraud-reviews', 'fraud review', fraudReview, fraudReviewList),
  staff('get', '/api/fraud-reviews/{id}/related', 'Other payments sharing the email, card or IP address.', {
    schema: relatedPayments,
  }),
  staff(
    'post',
    '/api/fraud-reviews/{id}/claim',
    'Hold a review while working on it.',
    { schema: fraudReview },
    {
      body: emptyBody,
      command: true,
      parameters: [idempotencyKey],
    },
  ),
  staff(
    'post',
    '/api/fraud-reviews/{id}/release',
    'Let go of a held review.',
    { schema: fraudReview },
    {
      body: emptyBody,
      command: true,
      parameters: [idempotencyKey],
    },
  ),
  ...readable('fraud-decisions', 'fraud decision', fraudDecision, fraudDecisionList, true),
  // Monitoring.
  withNotFound(
    staff(
      'get',
      '/api/monitoring/failures',
      "One signal's failure series with its baseline and band.",
      { schema: failureSeries },
      { query: failureSeriesQuery },
    ),
    'No such payment method.',
  ),
  withNotFound(
    staff(
      'get',
      '/api/monitoring/alerts',
      'Every signal judged now, and the breakdowns of one.',
      { schema: spikeAlerts },
      { query: spikeAlertsQuery },
    ),
    'No such payment method.',
  ),
  ...readable('monitoring/spike-episodes', 'spike episode', spikeEpisode, spikeEpisodeList),
  ...readable('monitoring/alert-deliveries', 'alert delivery', alertDelivery, alertDeliveryList),
  staff('get', '/api/monitoring/alert-deliveries/{id}/attempts', "An alert delivery's attempts, newest first.", {
    schema: alertAttemptList,
  }),
  staff('get', '/api/monitoring/alert-signing-secret', 'The secret spike alerts are signed with (admins).', {
    schema: alertSigningSecret,
  }),
  staff(
    'get',
    '/api/dashboard/money',
    "Money captured and refunded in the shop's day, and the authorizations about to lapse, per currency.",
    { schema: moneyAtAGlance },
    { parameters: [{ name: 'day', in: 'query', description: "YYYY-MM-DD, in the shop's time zone (default today)." }] },
  ),
  staff('get', '/api/needs-attention', 'What waits for staff, counted.', { schema: needsAttentionCounts }),
  // The rest of the resources.
  ...readable('payment-methods', 'payment method', paymentMethod, paymentMethodList),
  staff(
    'post',
    '/api/payment-methods',
    'Make a payment method.',
    { status: 201, schema: paymentMethod },
    { body: paymentMethodBody },
  ),
  staff(
    'put',
    '/api/payment-methods/{id}',
    'Change a payment method (its secrets are kept unless replaced or removed).',
    { schema: paymentMethod },
    { body: paymentMethodUpdateBody },
  ),
  staff('delete', '/api/payment-methods/{id}', 'Delete a payment method that never had payments.', {
    schema: paymentMethod,
  }),
  ...readable('log-entries', 'log entry', logEntry, logEntryList, true),
  ...readable('audit-events', 'audit event', auditEvent, auditEventList, true),
  ...readable('staff-users', 'staff user', staffUser, staffUserList),
  staff(
    'post',
    '/api/staff-users',
    'Make a staff account.',
    { status: 201, schema: staffUser },
    { body: staffUserCreateBody },
  ),
  staff(
    'put',
    '/api/staff-users/{id}',
    'Change a staff account (deactivated, its sessions end).',
    { schema: staffUser },
    { body: staffUserUpdateBody },
  ),
  staff(
    'post',
    '/api/staff-users/{id}/password',
    "Set a staff member's password (it lifts a lock, ends their sessions).",
    { schema: staffUser },
    { body: passwordResetBody },
  ),
  ...readable('settings', 'setting', setting, settingList),
  settingChange,
  staff(
    'post',
    '/api/settings/{id}/approve',
    'Apply a pending setting change (another admin).',
    { schema: setting },
    { body: emptyBody },
  ),
  staff(
    'post',
    '/api/settings/{id}/reject',
    'Reject a pending setting change.',
    { schema: setting },
    { body: emptyBody },
  ),
  ...readable('products', 'product', product, productList),
  ...writable('products', 'product', product, { body: productBody }),
  ...readable('api-keys', 'API key', apiKey, apiKeyList),
  staff(
    'post',
    '/api/api-keys',
    'Make an API key: the key and signing secret are answered this once only.',
    { status: 201, schema: createdApiKey },
    { body: apiKeyBody },
  ),
  staff('delete', '/api/api-keys/{id}', 'Revoke an API key.', { schema: apiKey }),
  ...readable('callback-deliveries', 'callback delivery', callbackDelivery, callbackDeliveryList),
  staff(
    'post',
    '/api/callback-deliveries/{id}/resend',
    'Send a callback again.',
    { schema: callbackDelivery },
    { body: emptyBody },
  ),
  ...readable('callback-attempts', 'callback attempt', callbackAttempt, callbackAttemptList),
  ...readable('saved-views', 'saved view', savedView, savedViewList),
  ...writable('saved-views', 'saved view', savedView, { put: false, body: savedViewBody }),
  // The staff session.
  {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Sign in: the staff member and a session cookie; csrf_token for state-changing requests.',
    security: 'none',
    body: loginBody,
    responses: {
      200: { description: 'Signed in.', schema: staffSession },
      400: staffErrors[400],
      401: { description: 'Email or password is incorrect (the same answer for every refusal).', schema: errorBody },
      429: { description: 'Too many sign-ins; Retry-After says when to try again.', schema: errorBody },
    },
  },
  staff('get', '/api/auth/me', 'The signed-in staff member and the CSRF token.', { schema: staffSession }),
  passwordChange,
  staff('post', '/api/auth/logout', 'Sign out.', { schema: emptyAnswer }),
  {
    method: 'get',
    path: '/api/auth/demo-accounts',
    summary: "The demo's accounts for the sign-in page (only in the demo).",
    security: 'none',
    responses: { 200: { description: 'The accounts.', schema: demoAccounts } },
  },
  // Operations and integrations.
  {
    method: 'get',
    path: '/api/health',
    summary: 'Whether the database answers.',
    security: 'none',
    responses: {
      200: {
        description: 'It does.',
        schema: z
          .object({ status: z.literal('ok'), database: z.enum(['postgres', 'pglite']) })
          .strict()
          .meta({ id: 'Health' }),
      },
      503: { description: 'The database is out of reach.', schema: errorBody },
    },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document.',
    security: 'none',
    responses: { 200: { description: 'OpenAPI 3.1.', schema: null } },
  },
  {
    method: 'get',
    path: '/api/docs',
    summary: 'This document as a page for people.',
    security: 'none',
    responses: { 200: { description: 'text/html.', schema: null } },
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (Authorization: Bearer PAYDESK_METRICS_TOKEN; off without it).',
    security: 'none',
    responses: { 200: { description: 'Prometheus text format.', schema: null } },
  },
  {
    method: 'post',
    path: '/api/webhooks/{gateway}/{paymentMethodId}',
    summary: "A gateway's webhook (Stripe), signed over the raw body with the method's webhook secret.",
    security: 'none',
    parameters: [
      { name: 'gateway', in: 'path', required: true, description: 'stripe.' },
      { name: 'paymentMethodId', in: 'path', required: true, description: 'The payment method.' },
      {
        name: 'Stripe-Signature',
        in: 'header',
        required: true,
        description:
          "Stripe's signature over the raw body with the method's webhook secret; five minutes of tolerance.",
      },
    ],
    body: stripeEvent,
    responses: {
      200: { description: 'Received, and what became of the event.', schema: gatewayWebhookAnswer },
      400: {
        description: 'The signature is missing, stale or wrong, or the body is no Stripe event.',
        schema: errorBody,
      },
      404: { description: 'No such payment method of this gateway, or it takes no webhooks.', schema: errorBody },
      503: {
        description:
          "The charge could not be asked of the gateway, or a call of Paydesk's own on the payment is open: send it again later.",
        schema: errorBody,
      },
    },
  },
  {
    method: 'post',
    path: '/api/webhooks/carrier/{methodId}',
    summary: "A carrier operator's notification of a charge's outcome, signed with the method's notification secret.",
    security: 'none',
    parameters: [
      { name: 'methodId', in: 'path', required: true, description: 'The payment method.' },
      {
        name: 'operator-signature',
        in: 'header',
        required: true,
        description:
          't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the method\'s notification secret>; five minutes of tolerance.',
      },
    ],
    body: carrierNotification,
    responses: {
      200: { description: 'Received, and what became of the notification.', schema: carrierNotificationAnswer },
      400: { description: 'The signature does not match, or the body is no notification.', schema: errorBody },
      404: { description: 'No such carrier payment method, or no payment of it for this charge.', schema: errorBody },
    },
  },
];
