import type { ReactNode } from 'react';
import { Notification, useLocation, type AuthProvider } from 'react-admin';
import type { StaffRole } from '@paydesk/domain';
import { dataProvider } from '../dataProvider.ts';
import { makePayment } from '../payment-actions/testing.tsx';
import { jsonResponse, listResponse, renderInAdmin, stubFetch } from '../test/render.tsx';
import type { FraudReview, Payment } from '../types.ts';
import type { RelatedPayments } from './RelatedPayments.tsx';

export const ANALYST = { id: 4, fullName: 'Felix Wagner', role: 'fraud_analyst' as StaffRole };

/** A review as `GET /api/fraud-reviews` sends it: a payment under review, unclaimed; override what matters. */
export function makeReview(overrides: Partial<FraudReview> = {}): FraudReview {
  return {
    ...makePayment({
      fraud_status: 'review',
      fraud_message: 'Flagged for review: billing country differs from the IP address country',
      risk_score: 77,
      billing_country_code: 'US',
      customer_ip_address: '192.0.2.220',
    }),
    customer_ip_country: 'VN',
    payment_method_name: 'Credit card (authorize only)',
    claimed_by_id: null,
    claimed_by_name: null,
    claimed_at: null,
    claim_expires_at: null,
    ip_country_mismatch: true,
    ...overrides,
  };
}

/** A live claim held by `who` for `minutes` more. */
export function claimedBy(who: { id: number; name: string }, minutes = 12): Partial<FraudReview> {
  const now = Date.now();
  return {
    claimed_by_id: who.id,
    claimed_by_name: who.name,
    claimed_at: new Date(now - 3 * 60_000).toISOString(),
    claim_expires_at: new Date(now + minutes * 60_000 + 30_000).toISOString(),
  };
}

/** Signed in as `identity` (react-admin's getIdentity: id, fullName, role). */
export function authAs(identity: { id: number; fullName: string; role: StaffRole } = ANALYST): AuthProvider {
  return {
    login: async () => undefined,
    logout: async () => undefined,
    checkAuth: async () => undefined,
    checkError: async () => undefined,
    getIdentity: async () => identity,
    getPermissions: async () => identity.role,
  };
}

/**
 * `fetch` stubbed at the boundary: `GET /api/fraud-reviews/:id` answers the review (404 once `decided`),
 * `…/:id/related` answers `related` (nothing shared unless given), the queue list answers `reviews`, `GET /api/payments/:id` the payment; each POST takes the next answer.
 */
export function stubFraudApi({
  review,
  reviews = [],
  payments = [],
  related,
}: {
  review?: FraudReview;
  reviews?: FraudReview[];
  payments?: Payment[];
  related?: RelatedPayments;
} = {}) {
  const state = { review, decided: false };
  const stub = stubFetch((url) => {
    const relatedTo = /^\/api\/fraud-reviews\/(\d+)\/related$/.exec(url)?.[1];
    if (relatedTo) return jsonResponse(related ?? noRelatedPayments(Number(relatedTo)));
    if (state.review && url === `/api/fraud-reviews/${state.review.id}`) {
      return state.decided
        ? jsonResponse({ code: 'NotFound', message: 'No such fraud review.' }, { status: 404 })
        : jsonResponse(state.review);
    }
    if (url.startsWith('/api/fraud-reviews?')) return listResponse('fraud-reviews', reviews);
    const payment = payments.find((candidate) => url === `/api/payments/${candidate.id}`);
    if (payment) return jsonResponse(payment);
    if (url.startsWith('/api/payments?')) return listResponse('payments', payments);
    return undefined;
  });
  return {
    state,
    answer: stub.answer,
    requests: stub.requests,
    posts: stub.posts,
    gets: (prefix: string) =>
      stub.requests.filter((request) => request.method === 'GET' && request.url.startsWith(prefix)),
  };
}

/** A review's related payments when nothing is shared. */
export function noRelatedPayments(paymentId: number): RelatedPayments {
  const none = { value: null, found: 0, more: false };
  return { payment_id: paymentId, limit: 20, shared: { email: none, card: none, ip: none }, data: [] };
}

/** Where the app has navigated to, as text. */
export const LocationProbe = () => {
  const location = useLocation();
  return <p data-testid="location">{location.pathname}</p>;
};

/** `ui` inside react-admin with the real dataProvider, signed in as `identity`, with notifications. */
export function renderWithApi(ui: ReactNode, identity = ANALYST) {
  return renderInAdmin(
    <>
      {ui}
      <LocationProbe />
      <Notification />
    </>,
    { dataProvider, authProvider: authAs(identity) },
  );
}
