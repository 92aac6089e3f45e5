import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentMethodRow, PaymentRow } from '../src/db/schema.ts';
import { RELATED_LIMIT } from '../src/fraud-reviews/related-payments.repository.ts';
import { expectMatchesContract } from './contract.ts';
import { givenPayment, givenPaymentMethod } from './fixtures.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

interface Related {
  id: number;
  identifier: string;
  shares: string[];
  total: string;
}

describe(`GET /api/fraud-reviews/<id>/related (${TEST_DB})`, () => {
  let app: TestApp;
  let analyst: ApiClient;
  let card: PaymentMethodRow;

  beforeAll(async () => {
    app = await startTestApp();
    analyst = await app.signedIn('fraud_analyst');
    card = await givenPaymentMethod(app.db);
  });
  afterAll(() => app.close());

  let minutes = 0;
  /** A payment made `minutes` later than the one before, with these customer details. */
  const payment = async (details: {
    email: string;
    last4?: string | null;
    brand?: string | null;
    expYear?: number | null;
    ip?: string | null;
    fraud?: 'review' | 'unknown';
  }): Promise<PaymentRow> => {
    minutes += 1;
    const { payment } = await givenPayment(app.db, card, {
      billing_email: details.email,
      card_last4: details.last4 === undefined ? '4242' : details.last4,
      fraud_status: details.fraud ?? 'unknown',
      created_at: new Date(Date.UTC(2026, 10, 1) + minutes * 60_000),
    });
    return app.db
      .updateTable('payments')
      .set({
        customer_ip_address: details.ip ?? null,
        card_brand: details.brand === undefined ? 'visa' : details.brand,
        card_exp_year: details.expYear === undefined ? 2030 : details.expYear,
      })
      .where('id', '=', payment.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  };

  it('lists the other payments that share the email, the card or the IP address, each saying what it shares', async () => {
    const sameEmail = await payment({ email: 'Mallory@Example.com', last4: '1111', ip: '198.51.100.1' });
    const sameCard = await payment({ email: 'trent@example.com', last4: '0002', ip: '198.51.100.2' });
    const sameIp = await payment({ email: 'eve@example.com', last4: '3333', ip: '203.0.113.9' });
    const all = await payment({ email: 'mallory@example.com', last4: '0002', ip: '203.0.113.9' });
    // Same last four, another brand or expiry: another card.
    const otherBrand = await payment({ email: 'a@example.com', last4: '0002', brand: 'mastercard' });
    const otherExpiry = await payment({ email: 'b@example.com', last4: '0002', expYear: 2031 });
    const stranger = await payment({ email: 'zed@example.com', last4: '9999', ip: '192.0.2.1' });
    const review = await payment({ email: 'mallory@example.com', last4: '0002', ip: '203.0.113.9', fraud: 'review' });

    const response = await analyst.get(`/api/fraud-reviews/${review.id}/related`);
    expect(response.status).toBe(200);
    expectMatchesContract('GET', `/api/fraud-reviews/${review.id}/related`, response.status, response.body);
    expect(response.body).toMatchObject({
      payment_id: review.id,
      limit: RELATED_LIMIT,
      shared: {
        email: { value: 'mallory@example.com', found: 2, more: false },
        card: { value: 'visa •••• 0002 12/30', found: 2, more: false },
        ip: { value: '203.0.113.9', found: 2, more: false },
      },
    });
    const rows = response.body.data as Related[];
    // Newest first; one row per payment however much it shares.
    expect(rows.map((r) => r.id)).toEqual([all.id, sameIp.id, sameCard.id, sameEmail.id]);
    expect(rows.map((r) => r.shares)).toEqual([['email', 'card', 'ip'], ['ip'], ['card'], ['email']]);
    expect(rows[0]).toMatchObject({ identifier: all.identifier, total: '120.00', currency: 'USD', status: 'preauth' });
    for (const other of [otherBrand, otherExpiry, stranger]) expect(rows.map((r) => r.id)).not.toContain(other.id);
  });

  it('reads at most the limit of each kind, newest first, and says there are more', async () => {
    const many = [];
    for (let i = 0; i < RELATED_LIMIT + 2; i += 1) many.push(await payment({ email: 'bot@example.com', last4: null }));
    const review = await payment({ email: 'bot@example.com', last4: null, fraud: 'review' });
    const response = await analyst.get(`/api/fraud-reviews/${review.id}/related`);
    expect(response.body.shared).toEqual({
      email: { value: 'bot@example.com', found: RELATED_LIMIT, more: true },
      card: { value: null, found: 0, more: false },
      ip: { value: null, found: 0, more: false },
    });
    expect((response.body.data as Related[]).map((r) => r.id)).toEqual(
      many
        .slice(-RELATED_LIMIT)
        .reverse()
        .map((p) => p.id),
    );
  });

  it('is open to every role that reads the queue, and answers 404 for no payment and 400 for no id', async () => {
    const review = await payment({ email: 'x@example.com', fraud: 'review' });
    for (const role of ['viewer', 'operator', 'finance', 'admin'] as const) {
      expect((await (await app.signedIn(role)).get(`/api/fraud-reviews/${review.id}/related`)).status).toBe(200);
    }
    const missing = await analyst.get('/api/fraud-reviews/99999999/related');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NotFound');
    expect((await analyst.get('/api/fraud-reviews/abc/related')).status).toBe(400);
    expect((await app.client().get(`/api/fraud-reviews/${review.id}/related`)).status).toBe(401);
  });
});
