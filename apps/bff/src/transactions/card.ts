import { z } from 'zod';

/** Card brand from the number's leading digits (enough for display; the gateway decides). */
export function cardBrand(number: string): string {
  if (/^4/.test(number)) return 'visa';
  if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(number)) return 'discover';
  if (/^35/.test(number)) return 'jcb';
  return 'unknown';
}

/** The Luhn check digit test every card number passes. */
export function passesLuhn(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

const required = {
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'This field is required.' : undefined),
};

/** A card as a storefront or a staff member sends it (test cards for the simulators): used for one call, never kept. */
export const cardInput = z.object(
  {
    number: z
      .string(required)
      .regex(/^\d{12,19}$/, 'Must be 12 to 19 digits.')
      .refine(passesLuhn, 'Is not a valid card number.'),
    exp_month: z.number(required).int().min(1, 'Must be 1 to 12.').max(12, 'Must be 1 to 12.'),
    exp_year: z.number(required).int().min(2000).max(2100),
    cvv: z.string(required).regex(/^\d{3,4}$/, 'Must be 3 or 4 digits.'),
    name: z.string().trim().max(200).optional(),
  },
  required,
);

export type CardInputBody = z.infer<typeof cardInput>;

/** Past its expiry month (UTC). */
export function cardExpired(card: Pick<CardInputBody, 'exp_month' | 'exp_year'>, now = new Date()): boolean {
  return (
    card.exp_year < now.getUTCFullYear() ||
    (card.exp_year === now.getUTCFullYear() && card.exp_month < now.getUTCMonth() + 1)
  );
}
