import type { CardInputBody } from '@paydesk/contract';

/** Card brand from the number's leading digits (enough for display; the gateway decides). */
export function cardBrand(number: string): string {
  if (/^4/.test(number)) return 'visa';
  if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(number)) return 'discover';
  if (/^35/.test(number)) return 'jcb';
  return 'unknown';
}

/** Past its expiry month (UTC). */
export function cardExpired(card: Pick<CardInputBody, 'exp_month' | 'exp_year'>, now = new Date()): boolean {
  return (
    card.exp_year < now.getUTCFullYear() ||
    (card.exp_year === now.getUTCFullYear() && card.exp_month < now.getUTCMonth() + 1)
  );
}
