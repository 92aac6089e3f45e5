import type { ReactNode } from 'react';
import { Notification, ShowBase, useRecordContext, type AuthProvider } from 'react-admin';
import { dataProvider } from '../dataProvider.ts';
import { jsonResponse, listResponse, renderInAdmin, stubFetch } from '../test/render.tsx';
import type { Payment, RefundReason } from '../types.ts';

/** A payment as the API sends it; override what the test is about. */
export function makePayment(overrides: Partial<Payment> = {}): Payment {
  return {
    id: 7,
    identifier: 'K7QW2MXR',
    order_id: 3,
    order_number: 'R123456789',
    payment_method_id: 2,
    payment_method_type: 'bogus',
    description: 'Order R123456789',
    status: 'preauth',
    fraud_status: 'unknown',
    fraud_message: '',
    risk_score: null,
    currency: 'USD',
    total: '80.00',
    tax: '0.00',
    delivery: '0.00',
    captured_amount: '0.00',
    refunded_amount: '0.00',
    reserved_amount: '0.00',
    refundable_amount: '0.00',
    billing_first_name: 'Ada',
    billing_last_name: 'Lovelace',
    billing_address_1: '',
    billing_address_2: '',
    billing_city: '',
    billing_postcode: '',
    billing_country_code: null,
    billing_country_area: '',
    billing_email: 'ada@example.com',
    customer_ip_address: null,
    customer_ip_country: null,
    card_brand: 'visa',
    card_last4: '4242',
    card_exp_month: 12,
    card_exp_year: 2030,
    transaction_id: 'AUTH-1',
    message: '',
    extra_data: {},
    created_at: '2026-11-18T10:00:00.000Z',
    modified_at: '2026-11-18T10:00:00.000Z',
    operation: null,
    operation_started_at: null,
    operation_deadline: null,
    dispute_id: null,
    dispute_status: null,
    dispute_amount: null,
    dispute_reason: null,
    dispute_reported_at: null,
    dispute_open: false,
    authorization_expires_at: new Date(Date.now() + 5 * 86_400_000).toISOString(),
    ...overrides,
  };
}

const AT = '2026-01-01T00:00:00.000Z';

export const REASONS: RefundReason[] = [
  { id: 1, name: 'Customer request', code: 'customer_request', active: true, created_at: AT, updated_at: AT },
  { id: 4, name: 'Order canceled', code: 'order_canceled', active: true, created_at: AT, updated_at: AT },
];

/**
 * `fetch` stubbed at the boundary: GETs of the payment and the refund reasons answer from `state`; each
 * POST takes the next answer (a Response, a pending promise, or a thrown network error).
 */
export function stubApi(initial: Payment) {
  /** `payment` answers GET /api/payments/:id; `others` answers lists (getMany) of payments. */
  const state: { payment: Payment; others: Payment[] } = { payment: initial, others: [] };
  const stub = stubFetch((url) => {
    if (url === `/api/payments/${state.payment.id}`) return jsonResponse(state.payment);
    if (url.startsWith('/api/payments?')) return listResponse('payments', state.others);
    if (url.startsWith('/api/refund-reasons')) return listResponse('refund-reasons', REASONS);
    return undefined;
  });
  return {
    state,
    answer: stub.answer,
    requests: stub.requests,
    commandRequests: stub.posts,
    fetchMock: stub.fetchMock,
  };
}

/** The payment's status as a line of text, so tests can see the page refresh. */
const StatusLine = () => {
  const record = useRecordContext<Payment>();
  return record ? <p data-testid="status">{record.status}</p> : null;
};

/** The payment loaded like the show page does (getOne through the real dataProvider), with `ui` inside. */
export function renderPayment(id: number, ui: ReactNode, { authProvider }: { authProvider?: AuthProvider } = {}) {
  return renderInAdmin(
    <>
      <ShowBase resource="payments" id={id}>
        <StatusLine />
        {ui}
      </ShowBase>
      <Notification />
    </>,
    { dataProvider, authProvider },
  );
}

export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Signs out on a 401, as the console's authProvider does. */
export const signingOutAuthProvider: AuthProvider = {
  login: async () => undefined,
  logout: async () => undefined,
  checkAuth: async () => undefined,
  checkError: async (error: { status?: number }) => {
    if (error?.status === 401) throw error;
  },
  getPermissions: async () => 'admin',
};
