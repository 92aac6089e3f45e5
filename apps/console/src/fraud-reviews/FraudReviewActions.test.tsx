import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderInAdmin } from '../test/render.tsx';
import type { FraudReview } from '../types.ts';
import { ClaimField } from './fields.tsx';
import { FraudReviewActions } from './FraudReviewActions.tsx';
import { claimStateOf, moneyOnReject } from './review.ts';
import { ANALYST, authAs, claimedBy, makeReview } from './testing.tsx';

const OTHER = { id: 9, name: 'Nadia Okafor' };
const ADMIN = { id: 1, fullName: 'Alice Morgan', role: 'admin' as const };

function renderReview(review: FraudReview, identity: Parameters<typeof authAs>[0] = ANALYST) {
  return renderInAdmin(
    <>
      <ClaimField now={Date.now()} showUnclaimed />
      <FraudReviewActions now={Date.now()} onDecided={() => undefined} />
    </>,
    { record: review, authProvider: authAs(identity) },
  );
}

const buttons = () => screen.queryAllByRole('button').map((button) => button.textContent);

describe('who holds a review', () => {
  it('says "You" with the time left when the analyst holds it, and offers Release, Accept and Reject', async () => {
    renderReview(makeReview(claimedBy({ id: ANALYST.id, name: ANALYST.fullName }, 12)));
    const chip = await screen.findByText('You · 12 min left');
    expect(chip.closest('[data-claim]')!.getAttribute('data-claim')).toBe('mine');
    await waitFor(() => expect(buttons()).toEqual(['Release', 'Accept', 'Reject']));
  });

  it('names the analyst who holds it, and hides Claim, Accept and Reject: the server would refuse them', async () => {
    renderReview(makeReview(claimedBy(OTHER, 7)));
    const chip = await screen.findByText('Nadia Okafor · 7 min left');
    expect(chip.closest('.MuiChip-root')!.className).toContain('MuiChip-colorWarning');
    // Rendered once the identity is known (an analyst may claim and decide), and still no button.
    await screen.findByTestId('fraud-review-actions');
    expect(buttons()).toEqual([]);
    expect(screen.getByTestId('held-by-other').textContent).toMatch(
      /^Nadia Okafor is working on this review\. It is yours to take once/,
    );
  });

  it('treats a lapsed claim as none: anyone may claim and decide', async () => {
    renderReview(makeReview({ ...claimedBy(OTHER), claim_expires_at: new Date(Date.now() - 1000).toISOString() }));
    expect(await screen.findByText('Unclaimed')).toBeTruthy();
    await waitFor(() => expect(buttons()).toEqual(['Claim', 'Accept', 'Reject']));
  });

  it("lets an admin release another analyst's claim, but not decide over it", async () => {
    renderReview(makeReview(claimedBy(OTHER)), ADMIN);
    await waitFor(() => expect(buttons()).toEqual(['Release']));
  });

  it('offers no decision while a gateway call for the payment is in flight, and says what is running', async () => {
    renderReview(makeReview({ operation: 'void' }));
    await waitFor(() => expect(buttons()).toEqual(['Claim']));
    expect(screen.getByText('Void in progress at the gateway')).toBeTruthy();
  });

  it.each(['operator', 'finance', 'viewer'] as const)(
    'offers a %s nothing (only analysts and admins decide)',
    async (role) => {
      // Claimed by themselves (however it came about): "You" shows once the identity has loaded.
      renderReview(makeReview(claimedBy({ id: 2, name: 'Omar Haddad' })), { id: 2, fullName: 'Omar Haddad', role });
      expect(await screen.findByText(/^You · /)).toBeTruthy();
      expect(buttons()).toEqual([]);
      expect(screen.queryByTestId('fraud-review-actions')).toBeNull();
    },
  );
});

describe('claimStateOf', () => {
  const now = Date.parse('2026-11-21T12:00:00Z');
  const review = { claimed_by_id: 9, claimed_by_name: 'Nadia Okafor', claim_expires_at: '2026-11-21T12:10:00Z' };
  it('tells mine from someone else’s, and a lapsed claim from a live one', () => {
    expect(claimStateOf(review, 9, now)).toEqual({ kind: 'mine', expiresAt: Date.parse('2026-11-21T12:10:00Z') });
    expect(claimStateOf(review, '9', now).kind).toBe('mine');
    expect(claimStateOf(review, 4, now)).toEqual({
      kind: 'other',
      name: 'Nadia Okafor',
      expiresAt: Date.parse('2026-11-21T12:10:00Z'),
    });
    expect(claimStateOf(review, 4, Date.parse('2026-11-21T12:10:00Z'))).toEqual({ kind: 'none' });
    expect(claimStateOf({ claimed_by_id: null, claimed_by_name: null, claim_expires_at: null }, 4, now)).toEqual({
      kind: 'none',
    });
  });
});

describe('moneyOnReject', () => {
  it.each([
    [
      'preauth: voids the authorization at the gateway',
      { status: 'preauth' },
      { action: 'void', amount: '80.00', gateway: true },
    ],
    ['waiting: nothing to return (product.md: only a preauth is voided)', { status: 'waiting' }, { action: 'none' }],
    [
      'confirmed: refunds what is left',
      { status: 'confirmed', captured_amount: '80.00', refunded_amount: '5.00', refundable_amount: '75.00' },
      { action: 'refund', amount: '75.00' },
    ],
    [
      'confirmed, all refunded already: nothing',
      { status: 'confirmed', refundable_amount: '0.00' },
      { action: 'none' },
    ],
    ['error: nothing', { status: 'error' }, { action: 'none' }],
  ] as const)('%s', (_name, overrides, expected) => {
    expect(moneyOnReject(makeReview(overrides))).toEqual(expected);
  });
});
