import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  isCardToken,
  response,
  type CardInput,
  type GatewayAdapter,
  type GatewayOptions,
  type GatewayResponse,
} from './gateway.ts';

/**
 * Bogus: a deterministic card gateway simulator. Test card numbers decide authorize and purchase;
 * the amount's last two minor-unit digits decide capture, void and refund. The README has the table.
 */
export const BOGUS_CARDS: Record<
  string,
  { outcome: 'success' | 'decline' | 'error' | 'review'; message: string; error_code?: string; brand: string }
> = {
  '4111111111111111': { outcome: 'success', message: 'Transaction approved', brand: 'visa' },
  '5555555555554444': { outcome: 'success', message: 'Transaction approved', brand: 'mastercard' },
  '378282246310005': { outcome: 'success', message: 'Transaction approved', brand: 'amex' },
  '4000000000000002': { outcome: 'decline', message: 'Card declined', error_code: 'card_declined', brand: 'visa' },
  '4000000000009995': {
    outcome: 'decline',
    message: 'Insufficient funds',
    error_code: 'insufficient_funds',
    brand: 'visa',
  },
  '4000000000000069': { outcome: 'decline', message: 'Card expired', error_code: 'expired_card', brand: 'visa' },
  '4000000000000119': { outcome: 'error', message: 'Gateway timeout', error_code: 'timeout', brand: 'visa' },
  '4000000000009235': { outcome: 'review', message: 'Transaction approved; held for fraud review', brand: 'visa' },
};

/** Capture, void and refund: amounts whose minor units end in these two digits. */
export const BOGUS_AMOUNT_ENDINGS = {
  decline: 2n, // e.g. 10.02, 502 JPY: declined
  error: 5n, // e.g. 10.05: the gateway times out
} as const;

export interface BogusOptions {
  /** Simulated network time per call, in milliseconds. */
  latencyMs?: number;
}

function reference(kind: string, ...parts: unknown[]): string {
  return `${kind}-${createHash('sha256').update(parts.map(String).join('|')).digest('hex').slice(0, 12).toUpperCase()}`;
}

function byAmount(amount: bigint, action: string, success: Partial<GatewayResponse>): GatewayResponse {
  const ending = amount % 100n;
  if (ending === BOGUS_AMOUNT_ENDINGS.decline) {
    return response('decline', `The ${action} was declined by the issuer`, {
      error_code: 'processing_declined',
      params: { action, status: 'declined' },
    });
  }
  if (ending === BOGUS_AMOUNT_ENDINGS.error) {
    return response('error', 'Gateway timeout', { error_code: 'timeout', params: { action } });
  }
  return response('success', `The ${action} succeeded`, { params: { action, status: 'succeeded' }, ...success });
}

export class BogusGateway implements GatewayAdapter {
  readonly callsGateway = true;
  /** In this process: once a call has returned (or the process died), nothing of it can land later. */
  readonly callDeadlineMs = 0;
  private readonly latencyMs: number;

  constructor(options: BogusOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
  }

  private async wait(): Promise<void> {
    if (this.latencyMs > 0) await sleep(this.latencyMs);
  }

  private async byCard(
    action: 'authorize' | 'purchase',
    amount: bigint,
    card: CardInput,
    options: GatewayOptions,
  ): Promise<GatewayResponse> {
    await this.wait();
    if (isCardToken(card)) {
      return response('decline', 'The bogus gateway takes test card numbers, not tokens', {
        error_code: 'token_not_supported',
        params: { action },
      });
    }
    const number = card.number.replace(/\D/g, '');
    const known = BOGUS_CARDS[number];
    const last4 = number.slice(-4);
    const params = {
      action,
      amount: amount.toString(),
      currency: options.currency,
      order_id: options.order_id,
      card: { last4, brand: known?.brand ?? 'unknown' },
    };
    if (!known)
      return response('decline', 'Invalid card number for the bogus gateway', { error_code: 'invalid_number', params });
    if (known.outcome === 'error')
      return response('error', known.message, { error_code: known.error_code ?? 'timeout', params });
    if (known.outcome === 'decline') {
      return response('decline', known.message, {
        error_code: known.error_code ?? 'card_declined',
        params,
        avs_result: 'Y',
        cvv_result: 'M',
      });
    }
    return response('success', known.message, {
      authorization: reference(action === 'authorize' ? 'AUTH' : 'PUR', options.order_id, amount),
      params: { ...params, status: 'approved' },
      avs_result: 'Y',
      cvv_result: 'M',
      fraud_review: known.outcome === 'review',
    });
  }

  authorize(amount: bigint, card: CardInput, options: GatewayOptions) {
    return this.byCard('authorize', amount, card, options);
  }

  purchase(amount: bigint, card: CardInput, options: GatewayOptions) {
    return this.byCard('purchase', amount, card, options);
  }

  async capture(amount: bigint, authorization: string, options: GatewayOptions) {
    await this.wait();
    return byAmount(amount, 'capture', { authorization: reference('CAP', authorization, options.order_id, amount) });
  }

  async void(authorization: string, options: GatewayOptions & { amount: bigint }) {
    await this.wait();
    return byAmount(options.amount, 'void', { authorization });
  }

  async refund(amount: bigint, authorization: string, options: GatewayOptions) {
    await this.wait();
    return byAmount(amount, 'refund', {
      authorization: reference('REF', authorization, options.order_id, amount, Date.now()),
    });
  }

  /**
   * Bogus keeps no record, so it cannot say what it answered (and the amount rule cannot be replayed:
   * retrieve is not given the operation's amount). Its only unknown outcomes are its simulated timeouts
   * (card 4000 0000 0000 0119, amounts ending in 05), and those never ran anything — so it answers what is
   * true of every operation a reconciler asks about: `error` "not_found", the gateway never received it.
   */
  async retrieve(authorization: string, options: GatewayOptions) {
    await this.wait();
    return response('error', 'The bogus gateway keeps no record of this operation: it never ran', {
      authorization: authorization || null,
      error_code: 'not_found',
      params: { action: 'retrieve', idempotency_key: options.idempotency_key },
    });
  }
}
