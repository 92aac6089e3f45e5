import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { dataProvider } from '../dataProvider.ts';
import { makePayment } from '../payment-actions/testing.tsx';
import { jsonResponse, renderInAdmin } from '../test/render.tsx';
import type { FraudDecision } from '../types.ts';
import { FraudDecisionsPanel } from './FraudDecisionsPanel.tsx';

const decisions: FraudDecision[] = [
  {
    id: 12,
    payment_id: 7,
    payment_identifier: 'K7QW2MXR',
    review_id: null,
    staff_user_id: 4,
    staff_name: 'Felix Wagner',
    decision: 'reject',
    note: 'Card reported stolen by the issuer',
    money_action: 'void',
    money_outcome: 'succeeded',
    amount: null,
    currency: 'USD',
    refund_id: null,
    created_at: '2026-11-21T12:41:12.285Z',
  },
];

function stub() {
  const urls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = decodeURIComponent(String(input));
      urls.push(url);
      if (url.startsWith('/api/fraud-decisions?'))
        return jsonResponse(decisions, { headers: { 'Content-Range': 'fraud-decisions 0-0/1' } });
      if (url.startsWith('/api/payments?'))
        return jsonResponse([makePayment({ status: 'void', fraud_status: 'reject' })], {
          headers: { 'Content-Range': 'payments 0-0/1' },
        });
      return jsonResponse([], { headers: { 'Content-Range': 'items */0' } });
    }),
  );
  return urls;
}

describe('FraudDecisionsPanel', () => {
  it("lists the payment's decisions: who, when, the decision, the note, and what happened to the money", async () => {
    const urls = stub();
    renderInAdmin(<FraudDecisionsPanel />, {
      dataProvider,
      record: makePayment({ status: 'void', fraud_status: 'reject' }),
    });
    const row = (await screen.findByText('Card reported stolen by the issuer')).closest('tr') as HTMLElement;
    expect(within(row).getByText('Felix Wagner')).toBeTruthy();
    expect(within(row).getByText('Rejected')).toBeTruthy();
    expect(within(row).getByText('Void')).toBeTruthy();
    expect(within(row).getByText('Succeeded')).toBeTruthy();
    // A void records no amount: the authorization released is the payment's total.
    expect(await within(row).findByText('$80.00')).toBeTruthy();
    expect(urls.find((url) => url.startsWith('/api/fraud-decisions?'))).toContain('filter={"payment_id":7}');
  });

  it('renders nothing for a payment no fraud service looked at', () => {
    stub();
    const { container } = renderInAdmin(<FraudDecisionsPanel />, {
      dataProvider,
      record: makePayment({ fraud_status: 'unknown' }),
    });
    expect(container.textContent).toBe('');
  });
});
