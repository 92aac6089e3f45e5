import Decimal from 'decimal.js';

/** ISO 4217 minor units that differ from what the runtime's Intl data may report. */
const MINOR_UNIT_OVERRIDES: Record<string, number> = {};

const minorUnitCache = new Map<string, number>();

/** Thrown when an amount or currency is not acceptable; `field` says which input was wrong. */
export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyError';
  }
}

export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: code });
    return true;
  } catch {
    return false;
  }
}

/** Number of decimal places of a currency's minor unit (USD 2, JPY 0, KWD 3), from ISO 4217 data. */
export function minorUnits(currency: string): number {
  const cached = minorUnitCache.get(currency);
  if (cached !== undefined) return cached;
  if (!isCurrencyCode(currency)) throw new MoneyError(`Unknown currency "${currency}".`);
  const units =
    MINOR_UNIT_OVERRIDES[currency] ??
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
    2;
  minorUnitCache.set(currency, units);
  return units;
}

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/**
 * An exact amount of one currency. Immutable; arithmetic only between equal currencies;
 * never more decimal places than the currency's minor unit.
 */
export class Money {
  private constructor(
    readonly amount: Decimal,
    readonly currency: string,
  ) {}

  /** Parses a decimal string such as "120.00" or "500"; refuses floats' surprises, extra decimals and junk. */
  static of(value: string | Decimal, currency: string): Money {
    const units = minorUnits(currency);
    let amount: Decimal;
    if (value instanceof Decimal) {
      amount = value;
    } else {
      const text = value.trim();
      if (!DECIMAL_PATTERN.test(text)) throw new MoneyError(`"${value}" is not a decimal amount.`);
      amount = new Decimal(text);
    }
    if (amount.decimalPlaces() > units) {
      throw new MoneyError(
        units === 0
          ? `${currency} amounts have no decimal places.`
          : `${currency} amounts have at most ${units} decimal places.`,
      );
    }
    return new Money(amount, currency);
  }

  static zero(currency: string): Money {
    return Money.of(new Decimal(0), currency);
  }

  /** From an integer count of minor units (cents, yen). */
  static fromMinor(minor: number | bigint | string, currency: string): Money {
    return Money.of(new Decimal(minor.toString()).div(new Decimal(10).pow(minorUnits(currency))), currency);
  }

  /** Integer count of minor units, as gateways want it. */
  toMinor(): bigint {
    return BigInt(this.amount.mul(new Decimal(10).pow(minorUnits(this.currency))).toFixed(0));
  }

  plus(other: Money): Money {
    this.assertSameCurrency(other);
    return new Money(this.amount.plus(other.amount), this.currency);
  }

  minus(other: Money): Money {
    this.assertSameCurrency(other);
    return new Money(this.amount.minus(other.amount), this.currency);
  }

  compare(other: Money): -1 | 0 | 1 {
    this.assertSameCurrency(other);
    return this.amount.comparedTo(other.amount) as -1 | 0 | 1;
  }

  gt(other: Money): boolean {
    return this.compare(other) > 0;
  }
  gte(other: Money): boolean {
    return this.compare(other) >= 0;
  }
  lt(other: Money): boolean {
    return this.compare(other) < 0;
  }
  lte(other: Money): boolean {
    return this.compare(other) <= 0;
  }
  eq(other: Money): boolean {
    return this.compare(other) === 0;
  }

  isZero(): boolean {
    return this.amount.isZero();
  }
  isPositive(): boolean {
    return this.amount.greaterThan(0);
  }
  isNegative(): boolean {
    return this.amount.lessThan(0);
  }

  /** The wire form: exactly the currency's minor unit of decimals ("91.00", "500" for JPY). */
  toString(): string {
    return this.amount.toFixed(minorUnits(this.currency));
  }

  toJSON(): string {
    return this.toString();
  }

  private assertSameCurrency(other: Money): void {
    if (other.currency !== this.currency) {
      throw new MoneyError(`Cannot combine ${this.currency} with ${other.currency}.`);
    }
  }
}

/** Normalises a stored NUMERIC string to the currency's exact minor unit ("91.0000" → "91.00"). */
export function formatAmount(value: string, currency: string): string {
  return new Decimal(value).toFixed(minorUnits(currency));
}

/** For display: "$1,234.50", "¥500", "€91.00" — exact, from the decimal string, never through a float. */
export function displayAmount(value: string, currency: string, locale = 'en-US'): string {
  const units = minorUnits(currency);
  const fixed = new Decimal(value).toFixed(units);
  const negative = fixed.startsWith('-');
  const [whole = '0', fraction] = (negative ? fixed.slice(1) : fixed).split('.');
  const parts = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: units,
    maximumFractionDigits: units,
  }).formatToParts(0);
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  let out = '';
  for (const part of parts) {
    if (part.type === 'integer') out += grouped;
    else if (part.type === 'fraction') out += fraction ?? '';
    else if (part.type === 'minusSign') continue;
    else out += part.value;
  }
  return negative ? `-${out}` : out;
}
