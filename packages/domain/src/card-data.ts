/**
 * Card data never leaves the gateway call: these find and mask card numbers in free text and in nested
 * values — product.md's rule: a Luhn-valid run of 13 to 19 digits, optionally grouped by single spaces or
 * dashes. Digit runs that fail the Luhn check (order numbers, phone numbers, amounts) are kept, and so are
 * digits glued to letters (hex hashes, identifiers).
 */
const DIGIT_RUN = /\b\d+(?:[ -]\d+)*\b/g;
const MIN_PAN = 13;
const MAX_PAN = 19;

export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const isCardNumber = (digits: string) => digits.length >= MIN_PAN && digits.length <= MAX_PAN && isLuhnValid(digits);

const masked = (digits: string) => `[card ****${digits.slice(-4)}]`;

/**
 * Masks one run of digit groups: the longest span of whole groups that is a card number, from the left, as
 * often as one is found ("4111 1111 1111 1111 123" keeps the trailing 123).
 */
function maskRun(run: string): string {
  const parts = run.split(/([ -])/);
  const groups = parts.filter((_, i) => i % 2 === 0);
  const separators = parts.filter((_, i) => i % 2 === 1);
  let out = '';
  let i = 0;
  while (i < groups.length) {
    let found = -1;
    let digits = '';
    for (let j = i; j < groups.length; j++) {
      digits += groups[j];
      if (digits.length > MAX_PAN) break;
      if (isCardNumber(digits)) found = j;
    }
    const next = found >= 0 ? found + 1 : i + 1;
    out += found >= 0 ? masked(groups.slice(i, found + 1).join('')) : groups[i];
    if (next < groups.length) out += separators[next - 1];
    i = next;
  }
  return out;
}

export function maskCardNumbers(text: string): string {
  return text.replace(DIGIT_RUN, (run) => (run.replace(/\D/g, '').length < MIN_PAN ? run : maskRun(run)));
}

export function containsCardNumber(text: string): boolean {
  return maskCardNumbers(text) !== text;
}

/** A JSON number that is a card number (a storefront sent `"number": 4111111111111111`). */
function isCardNumberValue(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0 && isCardNumber(String(value));
}

/**
 * Masks card numbers in every string and number of a value, keeping its shape and keys: what is stored and
 * logged. Strings that hold JSON (a jsonb parameter, a log line) are masked inside, and stay valid JSON.
 */
export function maskCardNumbersDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskStoredText(value);
  if (typeof value === 'number') return isCardNumberValue(value) ? masked(String(value)) : value;
  if (Array.isArray(value)) return value.map(maskCardNumbersDeep);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, v]) => [
        maskCardNumbers(key),
        maskCardNumbersDeep(v),
      ]),
    );
  }
  return value;
}

/** Masks card numbers in a text; a text holding JSON is masked value by value and stays valid JSON. */
export function maskStoredText(text: string): string {
  const first = text.trimStart()[0];
  if ((first === '{' || first === '[') && (text.match(/\d/g)?.length ?? 0) >= MIN_PAN) {
    try {
      return JSON.stringify(maskCardNumbersDeep(JSON.parse(text)));
    } catch {
      // not JSON: masked as text
    }
  }
  return maskCardNumbers(text);
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
