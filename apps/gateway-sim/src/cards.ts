/**
 * The simulator's test cards: the same numbers, and the same outcomes, as the bogus gateway's table in the
 * README, so a reader who knows one knows the other.
 */
export type CardOutcome = 'approved' | 'review' | 'declined' | 'processor_timeout';

export interface TestCard {
  brand: string;
  outcome: CardOutcome;
  message: string;
  error_code?: string;
}

export const TEST_CARDS: ReadonlyMap<string, TestCard> = new Map([
  ['4111111111111111', { brand: 'visa', outcome: 'approved', message: 'Transaction approved' }],
  ['5555555555554444', { brand: 'mastercard', outcome: 'approved', message: 'Transaction approved' }],
  ['378282246310005', { brand: 'amex', outcome: 'approved', message: 'Transaction approved' }],
  ['4000000000009235', { brand: 'visa', outcome: 'review', message: 'Transaction approved; held for fraud review' }],
  ['4000000000000002', { brand: 'visa', outcome: 'declined', message: 'Card declined', error_code: 'card_declined' }],
  [
    '4000000000009995',
    { brand: 'visa', outcome: 'declined', message: 'Insufficient funds', error_code: 'insufficient_funds' },
  ],
  ['4000000000000069', { brand: 'visa', outcome: 'declined', message: 'Card expired', error_code: 'expired_card' }],
  // The processor behind the gateway times out: the gateway answers 504 and runs nothing.
  [
    '4000000000000119',
    { brand: 'visa', outcome: 'processor_timeout', message: 'Gateway timeout', error_code: 'timeout' },
  ],
] satisfies [string, TestCard][]);

export const UNKNOWN_CARD: TestCard = {
  brand: 'unknown',
  outcome: 'declined',
  message: 'Invalid card number for the gateway simulator',
  error_code: 'invalid_number',
};

/** The digits of a card number, without spaces or dashes. */
export const cardDigits = (number: string) => number.replace(/[\s-]/g, '');

export const lastFour = (digits: string) => digits.slice(-4);
