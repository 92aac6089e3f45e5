/**
 * Card data never leaves the gateway call: these find and mask what looks like a card number
 * (13 to 19 digits, optionally grouped by spaces or dashes) in free text and in nested values.
 */
const PAN_PATTERN = /\b\d(?:[ -]?\d){12,18}\b/g;

export function maskCardNumbers(text: string): string {
  return text.replace(PAN_PATTERN, (match) => {
    const digits = match.replace(/\D/g, '');
    return `[card ****${digits.slice(-4)}]`;
  });
}

export function containsCardNumber(text: string): boolean {
  return new RegExp(PAN_PATTERN.source).test(text);
}

/** Keys whose values are removed outright, wherever they appear. */
const SENSITIVE_KEY = /^(number|card_?number|pan|cvv|cvc|cvv2|verification_value|track_?data|password|secret)$/i;

/** A deep copy with card numbers masked and sensitive keys removed: safe to store and show. */
export function scrubCardData(value: unknown): unknown {
  if (typeof value === 'string') return maskCardNumbers(value);
  if (Array.isArray(value)) return value.map(scrubCardData);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => !SENSITIVE_KEY.test(key))
        .map(([key, v]) => [key, scrubCardData(v)]),
    );
  }
  return value;
}
