import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jsonResponse } from '../test/render.tsx';
import type { FraudReview } from '../types.ts';
import { FraudReviewView } from './FraudReviewShow.tsx';
import { ANALYST, claimedBy, makeReview, renderWithApi, stubFraudApi } from './testing.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function openDecision(decision: 'Accept' | 'Reject', review: FraudReview = makeReview()) {
  const api = stubFraudApi({ review });
  renderWithApi(<FraudReviewView id={review.id} />);
  // The page and the dialog are lazy chunks: the first test of the file loads them, slowly on a busy machine.
  await userEvent.click(await screen.findByRole('button', { name: decision }, { timeout: 10_000 }));
  const dialog = await screen.findByRole('dialog', {}, { timeout: 10_000 });
  const note = within(dialog).getByRole('textbox', { name: /Note/ });
  return { api, dialog, note };
}

describe('the reject dialog', () => {
  it('says what happens to the money: a preauthorized payment is voided for its total', async () => {
    const { dialog } = await openDecision('Reject', makeReview({ status: 'preauth', total: '80.00' }));
    expect(within(dialog).getByRole('button', { name: 'Reject and void $80.00' })).toBeTruthy();
    expect(within(dialog).getByText(/the authorization of \$80.00 is voided at the gateway/)).toBeTruthy();
  });

  it('a confirmed payment is refunded what is left of it', async () => {
    const { dialog } = await openDecision(
      'Reject',
      makeReview({
        status: 'confirmed',
        total: '80.00',
        captured_amount: '80.00',
        refunded_amount: '5.00',
        refundable_amount: '75.00',
      }),
    );
    expect(within(dialog).getByRole('button', { name: 'Reject and refund $75.00' })).toBeTruthy();
    expect(within(dialog).getByText(/\$75.00 is refunded to the customer \(reason "Fraudulent"\)/)).toBeTruthy();
  });

  it('requires a note: nothing is sent without one', async () => {
    const { api, dialog, note } = await openDecision('Reject');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reject and void $80.00' }));
    expect(within(dialog).getByText('Write a note on the decision.')).toBeTruthy();
    await userEvent.type(note, '   ');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reject and void $80.00' }));
    expect(api.posts()).toHaveLength(0);
    expect(screen.getByRole('dialog')).toBeTruthy();
  });

  it('sends the decision and the note with an Idempotency-Key, then goes back to the queue when no review is left', async () => {
    const { api, dialog, note } = await openDecision('Reject');
    await userEvent.type(note, '  Card reported stolen by the issuer ');
    api.answer(() => {
      api.state.decided = true;
      return jsonResponse(makeReview({ status: 'void', fraud_status: 'reject' }));
    });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reject and void $80.00' }));

    expect(await screen.findByText('Payment K7QW2MXR rejected; its authorization of $80.00 was voided.')).toBeTruthy();
    const [request] = api.posts();
    expect(request!.url).toBe('/api/payments/7/fraud-decision');
    expect(request!.body).toEqual({ decision: 'reject', note: 'Card reported stolen by the issuer' });
    expect(request!.headers.get('Idempotency-Key')).toMatch(UUID);
    expect(request!.headers.get('X-CSRF-Token')).toBe('csrf-123');
    // The review has left the queue, and no other is open: back to the queue, saying so.
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/fraud-reviews'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByText(/does not exist/)).toBeNull();
    const asked = api.gets('/api/fraud-reviews?');
    expect(asked.length).toBeGreaterThan(0);
    const query = new URL(asked.at(-1)!.url, 'http://x').searchParams;
    expect(JSON.parse(query.get('filter')!)).toEqual({ claimed: 'available' });
    expect(JSON.parse(query.get('sort')!)).toEqual(['created_at', 'ASC']);
  });

  it('moves on to the next open review of the queue once decided', async () => {
    const review = makeReview();
    // The queue may still list the one just decided (read before the decision landed): it is skipped.
    const next = makeReview({ id: 8, identifier: 'N8XTRV2P' });
    const api = stubFraudApi({ review, reviews: [review, next] });
    renderWithApi(<FraudReviewView id={review.id} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Accept' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByRole('textbox', { name: /Note/ }), 'Known customer');
    api.answer(() => {
      api.state.decided = true;
      return jsonResponse(makeReview({ fraud_status: 'accept' }));
    });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Accept payment' }));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/fraud-reviews/8/show'));
    expect(await screen.findByText('Payment K7QW2MXR accepted.')).toBeTruthy();
  });

  it('shows who holds the review when the server refuses (409), and retries with the same key', async () => {
    const { api, dialog, note } = await openDecision('Reject');
    await userEvent.type(note, 'Mismatched countries');
    const sentence = 'Nadia Okafor is working on this review (claimed until 2026-11-21T12:56:09.223Z).';
    api.answer(() => jsonResponse({ code: 'InvalidState', message: sentence }, { status: 409 }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reject and void $80.00' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(sentence);

    api.answer(() => jsonResponse({ code: 'InvalidState', message: sentence }, { status: 409 }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reject and void $80.00' }));
    await waitFor(() => expect(api.posts()).toHaveLength(2));
    const [first, retry] = api.posts();
    expect(retry!.headers.get('Idempotency-Key')).toBe(first!.headers.get('Idempotency-Key'));
    expect(retry!.body).toEqual(first!.body);
  });

  it("shows the gateway's message when returning the money failed, says the decision stands, and moves to the payment", async () => {
    const { api, dialog, note } = await openDecision('Reject');
    await userEvent.type(note, 'Stolen card');
    api.answer(() => {
      api.state.decided = true;
      return jsonResponse(
        { code: 'GatewayDeclined', message: 'Void declined by the gateway: Card declined' },
        { status: 402 },
      );
    });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reject and void $80.00' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Declined by the gateway');
    expect(alert.textContent).toContain('Void declined by the gateway: Card declined');
    expect(within(dialog).getByTestId('decision-recorded').textContent).toContain('The decision is recorded');
    expect((within(dialog).getByRole('button', { name: 'Reject and void $80.00' }) as HTMLButtonElement).disabled).toBe(
      true,
    );

    await userEvent.click(within(dialog).getByRole('button', { name: 'Open payment' }));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/payments/7/show'));
    expect(api.posts()).toHaveLength(1);
  });
});

describe('the accept dialog', () => {
  it('moves no money, and says so', async () => {
    const { api, dialog, note } = await openDecision(
      'Accept',
      makeReview(claimedBy({ id: ANALYST.id, name: ANALYST.fullName })),
    );
    expect(within(dialog).getByText(/No money moves/)).toBeTruthy();
    await userEvent.type(note, 'Known customer, called back');
    api.answer(() => {
      api.state.decided = true;
      return jsonResponse(makeReview({ fraud_status: 'accept' }));
    });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Accept payment' }));
    expect(await screen.findByText('Payment K7QW2MXR accepted.')).toBeTruthy();
    expect(api.posts()[0]!.body).toEqual({ decision: 'accept', note: 'Known customer, called back' });
  });
});

describe('claim and release', () => {
  it('claims the review, then shows it as yours', async () => {
    const review = makeReview();
    const api = stubFraudApi({ review });
    renderWithApi(<FraudReviewView id={review.id} />);
    api.answer(() => {
      api.state.review = makeReview(claimedBy({ id: ANALYST.id, name: ANALYST.fullName }, 15));
      return jsonResponse(api.state.review);
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Claim' }));
    expect(await screen.findByText('You · 15 min left')).toBeTruthy();
    expect(api.posts()[0]!.url).toBe('/api/fraud-reviews/7/claim');
    expect(await screen.findByRole('button', { name: 'Release' })).toBeTruthy();
  });

  it('says who holds it when someone claimed it first (409), and shows their claim', async () => {
    const review = makeReview();
    const api = stubFraudApi({ review });
    renderWithApi(<FraudReviewView id={review.id} />);
    const sentence = 'Nadia Okafor is working on this review (claimed until 2026-11-21T12:56:09.223Z).';
    api.answer(() => {
      api.state.review = makeReview(claimedBy({ id: 9, name: 'Nadia Okafor' }, 9));
      return jsonResponse({ code: 'InvalidState', message: sentence }, { status: 409 });
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Claim' }));
    expect((await screen.findByRole('alert')).textContent).toBe(sentence);
    expect(await screen.findByText('Nadia Okafor · 9 min left')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Reject' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Accept' })).toBeNull();
  });
});
