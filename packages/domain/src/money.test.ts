import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { displayAmount, formatAmount, isCurrencyCode, minorUnits, Money, MoneyError } from './money.ts';

const usd = (value: string) => Money.of(value, 'USD');

describe('minorUnits: the decimal places of a currency (ISO 4217)', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['GBP', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['KWD', 3],
    ['BHD', 3],
  ])('%s has %i', (currency, units) => {
    expect(minorUnits(currency)).toBe(units);
  });

  // The runtime's Intl (CLDR) data says 0 for these; ISO 4217, which gateways and the database follow, does not.
  it.each([
    ['IQD', 3],
    ['COP', 2],
    ['HUF', 2],
    ['IDR', 2],
    ['PKR', 2],
  ])('%s has its ISO 4217 minor unit %i, whatever Intl reports', (currency, units) => {
    expect(minorUnits(currency)).toBe(units);
  });

  it.each(['XYZ', 'ZZZ', 'usd', 'US', 'USDT', '', '123', 'US$'])('refuses the unknown currency %j', (currency) => {
    expect(() => minorUnits(currency)).toThrow(MoneyError);
    expect(isCurrencyCode(currency)).toBe(false);
  });

  it('knows the currencies it accepts', () => {
    for (const currency of ['USD', 'EUR', 'GBP', 'JPY', 'KWD']) expect(isCurrencyCode(currency)).toBe(true);
  });
});

describe('Money.of: parsing an amount', () => {
  it.each([
    ['120.00', 'USD', '120.00'],
    ['120', 'USD', '120.00'],
    ['0.01', 'USD', '0.01'],
    ['500', 'JPY', '500'],
    ['0.005', 'KWD', '0.005'],
    ['1.5', 'KWD', '1.500'],
    ['-12.50', 'USD', '-12.50'],
    ['0', 'EUR', '0.00'],
  ])('accepts %j %s (%s)', (value, currency, wire) => {
    expect(Money.of(value, currency).toString()).toBe(wire);
  });

  it('accepts a stored NUMERIC with trailing zeros beyond the minor unit: the value is still exact', () => {
    expect(Money.of('91.0000', 'USD').toString()).toBe('91.00');
    expect(Money.of('500.0000', 'JPY').toString()).toBe('500');
  });

  it('ignores surrounding whitespace', () => {
    expect(Money.of(' 120.00 ', 'USD').toString()).toBe('120.00');
  });

  it.each([
    ['1.001', 'USD'],
    ['0.005', 'USD'],
    ['12.5', 'JPY'],
    ['0.1', 'JPY'],
    ['0.0005', 'KWD'],
  ])('refuses %j %s: more decimal places than the currency has', (value, currency) => {
    expect(() => Money.of(value, currency)).toThrow(MoneyError);
  });

  it('says how many decimal places the currency allows', () => {
    expect(() => Money.of('1.001', 'USD')).toThrow('USD amounts have at most 2 decimal places.');
    expect(() => Money.of('12.5', 'JPY')).toThrow('JPY amounts have no decimal places.');
  });

  it.each([
    'abc',
    '1e3',
    '1E3',
    ' ',
    '',
    '-',
    '.5',
    '5.',
    '+5',
    '1.2.3',
    '12,50',
    '1,234.50',
    '$5',
    '0x10',
    'NaN',
    'Infinity',
    '5 USD',
    '1 000',
  ])('refuses junk: %j', (value) => {
    expect(() => Money.of(value, 'USD')).toThrow(MoneyError);
  });

  it('refuses an amount in an unknown currency', () => {
    expect(() => Money.of('1.00', 'XYZ')).toThrow(MoneyError);
  });

  it('accepts a Decimal, with the same decimal-places rule', () => {
    expect(Money.of(new Decimal('19.99'), 'USD').toString()).toBe('19.99');
    expect(() => Money.of(new Decimal('19.999'), 'USD')).toThrow(MoneyError);
  });

  it.each([NaN, Infinity, -Infinity])('refuses a non-finite Decimal (%s)', (value) => {
    expect(() => Money.of(new Decimal(value), 'USD')).toThrow(MoneyError);
  });

  it('Money.zero is zero in the currency', () => {
    const zero = Money.zero('KWD');
    expect(zero.isZero()).toBe(true);
    expect(zero.currency).toBe('KWD');
    expect(zero.toString()).toBe('0.000');
  });
});

describe('toString: the wire form keeps exactly the minor unit', () => {
  it.each([
    ['91', 'USD', '91.00'],
    ['91.5', 'USD', '91.50'],
    ['91.00', 'USD', '91.00'],
    ['500', 'JPY', '500'],
    ['1', 'KWD', '1.000'],
    ['-0.5', 'EUR', '-0.50'],
  ])('%j %s is "%s"', (value, currency, wire) => {
    expect(Money.of(value, currency).toString()).toBe(wire);
  });

  it('never writes "91" for ninety-one dollars', () => {
    expect(usd('91').toString()).not.toBe('91');
  });

  it('serialises to JSON as the same string, never a number', () => {
    expect(JSON.stringify({ amount: usd('91') })).toBe('{"amount":"91.00"}');
  });

  it('never writes a negative zero', () => {
    expect(Money.of('-0.00', 'USD').toString()).toBe('0.00');
  });
});

describe('minor units: toMinor and fromMinor', () => {
  it.each([
    ['120.00', 'USD', 12000n],
    ['0.01', 'USD', 1n],
    ['19.99', 'EUR', 1999n],
    ['500', 'JPY', 500n],
    ['0.005', 'KWD', 5n],
    ['1.234', 'KWD', 1234n],
    ['-1.50', 'USD', -150n],
    ['0', 'USD', 0n],
  ])('%j %s is %s minor units, and back', (value, currency, minor) => {
    const money = Money.of(value, currency);
    expect(money.toMinor()).toBe(minor);
    expect(Money.fromMinor(minor, currency).eq(money)).toBe(true);
  });

  it('accepts a number, a bigint or a string of minor units', () => {
    expect(Money.fromMinor(1999, 'USD').toString()).toBe('19.99');
    expect(Money.fromMinor(1999n, 'USD').toString()).toBe('19.99');
    expect(Money.fromMinor('1999', 'USD').toString()).toBe('19.99');
    expect(Money.fromMinor(500, 'JPY').toString()).toBe('500');
    expect(Money.fromMinor(5, 'KWD').toString()).toBe('0.005');
  });

  it('refuses a fraction of a minor unit', () => {
    expect(() => Money.fromMinor(1.5, 'USD')).toThrow(MoneyError);
    expect(() => Money.fromMinor('0.5', 'JPY')).toThrow(MoneyError);
  });

  it('round-trips large amounts exactly', () => {
    const big = usd('9999999999999999.99');
    expect(big.toMinor()).toBe(999999999999999999n);
    expect(Money.fromMinor(big.toMinor(), 'USD').toString()).toBe('9999999999999999.99');
  });

  it('round-trips every cent from 0.00 to 10.00', () => {
    for (let cents = 0; cents <= 1000; cents++) {
      const money = Money.fromMinor(cents, 'USD');
      expect(money.toMinor()).toBe(BigInt(cents));
      expect(Money.of(money.toString(), 'USD').toMinor()).toBe(BigInt(cents));
    }
  });
});

describe('arithmetic never loses a cent', () => {
  it('0.10 + 0.20 = 0.30 (a float would say 0.30000000000000004)', () => {
    expect(usd('0.1').plus(usd('0.2')).toString()).toBe('0.30');
    expect(usd('0.1').plus(usd('0.2')).eq(usd('0.3'))).toBe(true);
  });

  it('1.00 − 0.90 = 0.10', () => {
    expect(usd('1.00').minus(usd('0.90')).toString()).toBe('0.10');
  });

  it('ten payments of 0.10 make exactly 1.00', () => {
    let sum = Money.zero('USD');
    for (let i = 0; i < 10; i++) sum = sum.plus(usd('0.10'));
    expect(sum.toString()).toBe('1.00');
  });

  it('keeps the cents of large amounts', () => {
    expect(usd('9999999999999999.99').plus(usd('0.01')).toString()).toBe('10000000000000000.00');
    expect(usd('10000000000000000.00').minus(usd('0.01')).toString()).toBe('9999999999999999.99');
  });

  it('goes below zero when asked, and says so', () => {
    const balance = usd('50.00').minus(usd('50.01'));
    expect(balance.toString()).toBe('-0.01');
    expect(balance.isNegative()).toBe(true);
  });

  it('KWD keeps its fils: 0.005 + 0.001 = 0.006', () => {
    expect(Money.of('0.005', 'KWD').plus(Money.of('0.001', 'KWD')).toString()).toBe('0.006');
  });

  it('is immutable', () => {
    const a = usd('1.00');
    a.plus(usd('2.00'));
    a.minus(usd('0.50'));
    expect(a.toString()).toBe('1.00');
  });

  it.each([
    ['plus', (a: Money, b: Money) => a.plus(b)],
    ['minus', (a: Money, b: Money) => a.minus(b)],
    ['compare', (a: Money, b: Money) => a.compare(b)],
    ['gt', (a: Money, b: Money) => a.gt(b)],
    ['gte', (a: Money, b: Money) => a.gte(b)],
    ['lt', (a: Money, b: Money) => a.lt(b)],
    ['lte', (a: Money, b: Money) => a.lte(b)],
    ['eq', (a: Money, b: Money) => a.eq(b)],
  ] as const)('%s refuses to mix currencies', (_name, op) => {
    expect(() => op(usd('1.00'), Money.of('1.00', 'EUR'))).toThrow(MoneyError);
    expect(() => op(usd('1.00'), Money.of('1.00', 'EUR'))).toThrow('Cannot combine USD with EUR.');
  });
});

describe('comparisons', () => {
  it.each([
    ['1.00', '2.00', -1],
    ['2.00', '1.00', 1],
    ['1.50', '1.5', 0],
    ['-1.00', '0', -1],
    ['0.01', '0', 1],
  ] as const)('%s compared with %s is %i', (a, b, expected) => {
    expect(usd(a).compare(usd(b))).toBe(expected);
  });

  it('gt, gte, lt, lte and eq agree with compare', () => {
    const [one, two] = [usd('1.00'), usd('2.00')];
    expect([one.gt(two), one.gte(two), one.lt(two), one.lte(two), one.eq(two)]).toEqual([
      false,
      false,
      true,
      true,
      false,
    ]);
    expect([two.gt(one), two.gte(one), two.lt(one), two.lte(one), two.eq(one)]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect([one.gt(one), one.gte(one), one.lt(one), one.lte(one), one.eq(one)]).toEqual([
      false,
      true,
      false,
      true,
      true,
    ]);
  });

  it('compares values, not spellings', () => {
    expect(usd('91').eq(usd('91.00'))).toBe(true);
  });

  it.each([
    ['0.00', true, false, false],
    ['0.01', false, true, false],
    ['-0.01', false, false, true],
  ])('%s: isZero %s, isPositive %s, isNegative %s', (value, zero, positive, negative) => {
    const money = usd(value);
    expect([money.isZero(), money.isPositive(), money.isNegative()]).toEqual([zero, positive, negative]);
  });
});

describe('formatAmount: a stored NUMERIC string in the currency minor unit', () => {
  it.each([
    ['91.0000', 'USD', '91.00'],
    ['91.5000', 'USD', '91.50'],
    ['0.0000', 'EUR', '0.00'],
    ['500.0000', 'JPY', '500'],
    ['0.0050', 'KWD', '0.005'],
    ['1234567.8900', 'GBP', '1234567.89'],
    ['91', 'USD', '91.00'],
    ['-12.5000', 'USD', '-12.50'],
  ])('%j %s is "%s"', (stored, currency, wire) => {
    expect(formatAmount(stored, currency)).toBe(wire);
  });

  it('refuses an unknown currency', () => {
    expect(() => formatAmount('91.0000', 'XYZ')).toThrow(MoneyError);
  });
});

describe('displayAmount: what staff read', () => {
  it.each([
    ['1234.5', 'USD', '$1,234.50'],
    ['1234.50', 'USD', '$1,234.50'],
    ['0', 'USD', '$0.00'],
    ['0.01', 'USD', '$0.01'],
    ['500', 'JPY', '¥500'],
    ['500.0000', 'JPY', '¥500'],
    ['1234567', 'JPY', '¥1,234,567'],
    ['91', 'EUR', '€91.00'],
    ['91.0000', 'EUR', '€91.00'],
    ['12.3', 'GBP', '£12.30'],
    ['1234567.89', 'USD', '$1,234,567.89'],
  ])('%j %s shows as %s', (value, currency, shown) => {
    expect(displayAmount(value, currency)).toBe(shown);
  });

  it('shows the currency minor unit, however many decimals are stored', () => {
    expect(displayAmount('1.5', 'KWD')).toMatch(/1\.500$/);
    expect(displayAmount('1.5000', 'KWD')).toMatch(/1\.500$/);
  });

  it.each([
    ['-1234.5', 'USD', '-$1,234.50'],
    ['-0.01', 'USD', '-$0.01'],
    ['-500', 'JPY', '-¥500'],
    ['-91.0000', 'EUR', '-€91.00'],
  ])('shows the negative amount %j %s as %s', (value, currency, shown) => {
    expect(displayAmount(value, currency)).toBe(shown);
  });

  it('never shows a negative zero', () => {
    expect(displayAmount('-0.00', 'USD')).toBe('$0.00');
  });

  it('is exact for amounts beyond a float (no float on the way)', () => {
    expect(displayAmount('12345678901234567.89', 'USD')).toBe('$12,345,678,901,234,567.89');
    expect(displayAmount('9007199254740993', 'JPY')).toBe('¥9,007,199,254,740,993');
  });

  it("uses the locale's separators and sign placement", () => {
    // Intl separates a currency symbol with a no-break space in these locales.
    const normalise = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
    expect(normalise(displayAmount('1234.5', 'EUR', 'de-DE'))).toBe('1.234,50 €');
    expect(normalise(displayAmount('-1234.5', 'EUR', 'de-DE'))).toBe('-1.234,50 €');
    expect(normalise(displayAmount('1234.5', 'EUR', 'fr-FR'))).toBe('1 234,50 €');
    expect(displayAmount('1234567', 'INR', 'en-IN')).toBe('₹12,34,567.00');
  });

  it('refuses an unknown currency', () => {
    expect(() => displayAmount('1.00', 'XYZ')).toThrow(MoneyError);
  });
});
