import Decimal from 'decimal.js';

/**
 * ISO 4217 minor units that differ from what the runtime's Intl data may report: Intl (CLDR) gives the
 * digits people write, not ISO's (Node 20 says 0 for IQD, COP, HUF, IDR, PKR…). Every currency whose
 * ISO minor unit is not 2 is listed too, so the answer never depends on the runtime's ICU version.
 */
const MINOR_UNIT_OVERRIDES: Record<string, number> = {
  // ISO 4217: 0 decimal places.
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  // ISO 4217: 3 and 4 decimal places.
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
  // ISO 4217: 2 decimal places, where CLDR data says 0 (as digits or cash digits, depending on the ICU version).
  AFN: 2,
  ALL: 2,
  AMD: 2,
  COP: 2,
  CRC: 2,
  CZK: 2,
  HUF: 2,
  IDR: 2,
  IRR: 2,
  KPW: 2,
  LAK: 2,
  LBP: 2,
  MGA: 2,
  MMK: 2,
  MNT: 2,
  MUR: 2,
  NOK: 2,
  PKR: 2,
  RSD: 2,
  SEK: 2,
  SLL: 2,
  SOS: 2,
  SYP: 2,
  TWD: 2,
  TZS: 2,
  YER: 2,
};

const minorUnitCache = new Map<string, number>();

/** Thrown when an amount or currency is not acceptable; `field` says which input was wrong. */
export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyError';
  }
}

let knownCurrencies: ReadonlySet<string> | undefined;

/**
 * An ISO 4217 code the runtime knows. `new Intl.NumberFormat(…, { currency })` alone accepts any three
 * letters ("XYZ"), so the code is looked up in Intl's list of supported currencies.
 */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  if (code in MINOR_UNIT_OVERRIDES) return true;
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  return knownCurrencies.has(code);
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
      if (!amount.isFinite()) throw new MoneyError(`"${value.toString()}" is not a decimal amount.`);
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
  const rounded = new Decimal(value).toDecimalPlaces(units);
  // A zero never shows a minus sign ("-0.001" USD is "$0.00").
  const fixed = rounded.isZero() ? new Decimal(0).toFixed(units) : rounded.toFixed(units);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: units,
    maximumFractionDigits: units,
  });
  // Intl.NumberFormat formats a decimal string exactly (ES2023), with the locale's own separators,
  // grouping and sign placement ("1.234,50 €", "₹12,34,567.00").
  return (format as unknown as { format(value: string): string }).format(fixed);
}
