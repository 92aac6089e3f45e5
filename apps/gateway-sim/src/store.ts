import { createHmac, randomBytes } from 'node:crypto';
import { cardDigits, lastFour, TEST_CARDS, UNKNOWN_CARD } from './cards.ts';

/**
 * The simulated gateway's books, in memory: transactions, and every operation it ran under its
 * idempotency key. No I/O here — the HTTP layer (simulator.ts) decides what reaches `run`.
 */

export const OPERATION_KINDS = ['authorize', 'purchase', 'capture', 'void', 'refund'] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/** A transaction's state. A partial refund leaves it `captured` (see refunded_amount); a full one makes it `refunded`. */
export type TransactionState = 'authorized' | 'captured' | 'voided' | 'refunded';

export interface Transaction {
  id: string;
  state: TransactionState;
  order_id: string;
  currency: string;
  /** Minor units, as are all amounts here. */
  authorized_amount: number;
  captured_amount: number;
  refunded_amount: number;
  card: { last4: string; brand: string };
  fraud_review: boolean;
  created_at: string;
  /** Idempotency keys of the operations run on it, oldest first. */
  operations: string[];
}

/** What the gateway answers: an HTTP status and a JSON body. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export interface Operation {
  key: string;
  action: OperationKind;
  status: 'succeeded' | 'declined';
  transaction_id: string | null;
  created_at: string;
  answer: Answer;
  /** A keyed hash of the request (never the request itself: it may hold a card number). */
  fingerprint: string;
}

export interface RunResult {
  answer: Answer;
  /** True when the answer is the one recorded for this key earlier: nothing ran. */
  replayed: boolean;
}

type Counts = Record<OperationKind, number>;
const zero = (): Counts => ({ authorize: 0, purchase: 0, capture: 0, void: 0, refund: 0 });

export interface StoreStats {
  /** Operations run (succeeded or declined), per kind. A replay runs nothing and is not counted here. */
  executed: Counts;
  succeeded: Counts;
  declined: Counts;
  /** Requests answered from the idempotency record. */
  replayed: Counts;
  transactions: number;
}

class Declined extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

const invalid = (message: string) => new Declined(400, 'invalid_request', message);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveAmount(value: unknown, field = 'amount'): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw invalid(`${field} must be a positive integer in minor units.`);
  }
  return value;
}

function optionalAmount(body: Record<string, unknown>): number | undefined {
  return body.amount === undefined || body.amount === null ? undefined : positiveAmount(body.amount);
}

function text(value: unknown, field: string, max = 255): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max)
    throw invalid(`${field} must be a non-empty string of at most ${max} characters.`);
  return value;
}

/** Canonical JSON (sorted keys), so that the same request always has the same fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export class GatewayStore {
  private transactions = new Map<string, Transaction>();
  private operations = new Map<string, Operation>();
  private counts = { executed: zero(), succeeded: zero(), declined: zero(), replayed: zero() };
  /** Keys the request fingerprints, so the hashes of requests with card numbers in them are worthless outside this process. */
  private readonly fingerprintKey = randomBytes(32);

  constructor(private readonly now: () => Date = () => new Date()) {}

  /**
   * Runs one operation once per idempotency key. The same key with the same request answers the first
   * answer again; with a different request it is declined (409) and runs nothing.
   */
  run(action: OperationKind, key: string, body: unknown, transactionId: string | null = null): RunResult {
    const fingerprint = createHmac('sha256', this.fingerprintKey)
      .update(canonical({ action, transactionId, body }))
      .digest('hex');
    const earlier = this.operations.get(key);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) {
        return {
          replayed: false,
          answer: declineAnswer(
            409,
            action,
            'idempotency_key_reused',
            'This Idempotency-Key was already used for a different request.',
          ),
        };
      }
      this.counts.replayed[action] += 1;
      return { answer: earlier.answer, replayed: true };
    }

    let answer: Answer;
    let transaction: Transaction | undefined;
    try {
      if (!isRecord(body)) throw invalid('The request body must be a JSON object.');
      if (action === 'authorize' || action === 'purchase') {
        const outcome = this.chargeCard(action, body);
        if ('unanswered' in outcome) return { answer: outcome.unanswered, replayed: false };
        ({ answer, transaction } = outcome);
      } else {
        transaction = transactionId === null ? undefined : this.transactions.get(transactionId);
        if (!transaction) throw new Declined(404, 'transaction_not_found', 'No such transaction.');
        answer = this.follow(action, transaction, body);
      }
    } catch (error) {
      if (!(error instanceof Declined)) throw error;
      answer = declineAnswer(error.status, action, error.errorCode, error.message, transaction);
    }

    const status = answer.body.approved === true ? 'succeeded' : 'declined';
    this.operations.set(key, {
      key,
      action,
      status,
      transaction_id: transaction?.id ?? null,
      created_at: this.now().toISOString(),
      answer,
      fingerprint,
    });
    transaction?.operations.push(key);
    this.counts.executed[action] += 1;
    this.counts[status][action] += 1;
    return { answer, replayed: false };
  }

  operation(key: string): Operation | undefined {
    return this.operations.get(key);
  }

  transaction(id: string): Transaction | undefined {
    return this.transactions.get(id);
  }

  stats(): StoreStats {
    return structuredClone({ ...this.counts, transactions: this.transactions.size });
  }

  reset(): void {
    this.transactions.clear();
    this.operations.clear();
    this.counts = { executed: zero(), succeeded: zero(), declined: zero(), replayed: zero() };
  }

  /** Authorize or purchase: the test card decides. The card number is read here and never kept. */
  private chargeCard(
    action: 'authorize' | 'purchase',
    body: Record<string, unknown>,
  ): { answer: Answer; transaction?: Transaction } | { unanswered: Answer } {
    const amount = positiveAmount(body.amount);
    const currency = body.currency;
    if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency))
      throw invalid('currency must be an ISO 4217 code such as USD.');
    const orderId = text(body.order_id, 'order_id', 100);
    const card = body.card;
    if (!isRecord(card) || typeof card.number !== 'string') throw invalid('card.number is required.');
    const digits = cardDigits(card.number);
    if (!/^\d{12,19}$/.test(digits)) throw invalid('card.number must be 12 to 19 digits.');
    if (!Number.isInteger(card.month) || (card.month as number) < 1 || (card.month as number) > 12)
      throw invalid('card.month must be 1 to 12.');
    if (!Number.isInteger(card.year) || (card.year as number) < 2000)
      throw invalid('card.year must be a four-digit year.');
    if (card.cvv !== undefined && (typeof card.cvv !== 'string' || !/^\d{3,4}$/.test(card.cvv)))
      throw invalid('card.cvv must be 3 or 4 digits.');

    const known = TEST_CARDS.get(digits) ?? UNKNOWN_CARD;
    const cardView = { last4: lastFour(digits), brand: known.brand };
    if (known.outcome === 'processor_timeout') {
      return { unanswered: { status: 504, body: { error: 'processor_timeout', message: known.message } } };
    }
    const billing = isRecord(body.billing_address) ? body.billing_address : {};
    const checks = {
      avs_result: typeof billing.zip === 'string' && billing.zip.trim() !== '' ? 'Y' : 'U',
      cvv_result: card.cvv === undefined ? 'P' : 'M',
    };
    if (known.outcome === 'declined') {
      const answer = declineAnswer(402, action, known.error_code ?? 'card_declined', known.message);
      return { answer: { ...answer, body: { ...answer.body, card: cardView, ...checks } } };
    }

    const transaction: Transaction = {
      id: `txn_${randomBytes(8).toString('hex')}`,
      state: action === 'purchase' ? 'captured' : 'authorized',
      order_id: orderId,
      currency,
      authorized_amount: amount,
      captured_amount: action === 'purchase' ? amount : 0,
      refunded_amount: 0,
      card: cardView,
      fraud_review: known.outcome === 'review',
      created_at: this.now().toISOString(),
      operations: [],
    };
    this.transactions.set(transaction.id, transaction);
    return {
      transaction,
      answer: approvedAnswer(action, transaction, amount, known.message, {
        ...checks,
        fraud_review: transaction.fraud_review,
      }),
    };
  }

  /** Capture, void and refund of an existing transaction. */
  private follow(
    action: 'capture' | 'void' | 'refund',
    transaction: Transaction,
    body: Record<string, unknown>,
  ): Answer {
    switch (action) {
      case 'capture': {
        if (transaction.state !== 'authorized')
          throw new Declined(
            422,
            `transaction_${transaction.state}`,
            `The transaction is ${transaction.state}; only an authorized transaction can be captured.`,
          );
        const amount = optionalAmount(body) ?? transaction.authorized_amount;
        if (amount > transaction.authorized_amount)
          throw new Declined(422, 'amount_exceeds_authorized', 'The capture is above the authorized amount.');
        transaction.captured_amount = amount;
        transaction.state = 'captured';
        return approvedAnswer('capture', transaction, amount, 'Capture approved');
      }
      case 'void': {
        if (transaction.state !== 'authorized')
          throw new Declined(
            422,
            `transaction_${transaction.state}`,
            `The transaction is ${transaction.state}; only an authorized transaction can be voided.`,
          );
        transaction.state = 'voided';
        return approvedAnswer('void', transaction, transaction.authorized_amount, 'Authorization voided');
      }
      case 'refund': {
        if (transaction.state !== 'captured')
          throw new Declined(
            422,
            `transaction_${transaction.state}`,
            `The transaction is ${transaction.state}; only a captured transaction can be refunded.`,
          );
        const left = transaction.captured_amount - transaction.refunded_amount;
        const amount = optionalAmount(body) ?? left;
        if (amount > left)
          throw new Declined(422, 'amount_exceeds_refundable', 'The refund is above what is left to refund.');
        transaction.refunded_amount += amount;
        if (transaction.refunded_amount === transaction.captured_amount) transaction.state = 'refunded';
        return approvedAnswer('refund', transaction, amount, 'Refund approved', {
          refund_id: `re_${randomBytes(8).toString('hex')}`,
        });
      }
    }
  }
}

/** The public view of a transaction: no card number (there is none to show), no operation answers. */
export function transactionView(transaction: Transaction): Record<string, unknown> {
  return structuredClone({ ...transaction });
}

function approvedAnswer(
  action: OperationKind,
  transaction: Transaction,
  amount: number,
  message: string,
  extra: Record<string, unknown> = {},
): Answer {
  return {
    status: 200,
    body: {
      approved: true,
      action,
      id: transaction.id,
      state: transaction.state,
      amount,
      currency: transaction.currency,
      authorized_amount: transaction.authorized_amount,
      captured_amount: transaction.captured_amount,
      refunded_amount: transaction.refunded_amount,
      order_id: transaction.order_id,
      card: transaction.card,
      fraud_review: transaction.fraud_review,
      message,
      ...extra,
    },
  };
}

function declineAnswer(
  status: number,
  action: OperationKind,
  errorCode: string,
  message: string,
  transaction?: Transaction,
): Answer {
  return {
    status,
    body: {
      approved: false,
      action,
      message,
      error_code: errorCode,
      ...(transaction ? { id: transaction.id, state: transaction.state } : {}),
    },
  };
}
