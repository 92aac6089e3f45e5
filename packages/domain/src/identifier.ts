/** A–Z and 2–9 without I and O (and without 0 and 1): nothing a person can misread. */
export const IDENTIFIER_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const IDENTIFIER_LENGTH = 8;
const IDENTIFIER_PATTERN = new RegExp(`^[${IDENTIFIER_ALPHABET}]{${IDENTIFIER_LENGTH}}$`);

/** A new random payment identifier, e.g. "K7QW2MZP". */
export function newPaymentIdentifier(
  random: (length: number) => ArrayLike<number> = (length) => crypto.getRandomValues(new Uint8Array(length)),
): string {
  const bytes = Array.from(random(IDENTIFIER_LENGTH));
  // 256 is a multiple of the alphabet's 32 letters, so the modulo is unbiased.
  return bytes.map((b) => IDENTIFIER_ALPHABET[b % IDENTIFIER_ALPHABET.length]).join('');
}

export function isPaymentIdentifier(value: string): boolean {
  return IDENTIFIER_PATTERN.test(value);
}

/** What the gateway sees as order_id: "<order number>-<identifier>". */
export function gatewayOrderId(orderNumber: string, identifier: string): string {
  return `${orderNumber}-${identifier}`;
}
