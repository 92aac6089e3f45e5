import { describe, expect, it } from 'vitest';
import {
  gatewayOrderId,
  IDENTIFIER_ALPHABET,
  IDENTIFIER_LENGTH,
  isPaymentIdentifier,
  newPaymentIdentifier,
} from './identifier.ts';

/** A random source that hands out the given bytes. */
const bytes =
  (...values: number[]) =>
  (length: number) =>
    values.slice(0, length);

describe('the identifier alphabet', () => {
  it('is A–Z and 2–9 without I and O: 32 letters', () => {
    expect(IDENTIFIER_ALPHABET).toBe('ABCDEFGHJKLMNPQRSTUVWXYZ23456789');
    expect(IDENTIFIER_ALPHABET).toHaveLength(32);
    expect(new Set(IDENTIFIER_ALPHABET).size).toBe(32);
  });

  it.each(['I', 'O', '0', '1'])('has no %s, which a person could misread', (letter) => {
    expect(IDENTIFIER_ALPHABET).not.toContain(letter);
  });

  it('has no lower case', () => {
    expect(IDENTIFIER_ALPHABET).toBe(IDENTIFIER_ALPHABET.toUpperCase());
  });
});

describe('newPaymentIdentifier', () => {
  it('is 8 characters long', () => {
    expect(IDENTIFIER_LENGTH).toBe(8);
    expect(newPaymentIdentifier()).toHaveLength(8);
  });

  it('uses only the alphabet', () => {
    for (let i = 0; i < 500; i++) {
      const identifier = newPaymentIdentifier();
      expect(identifier).toMatch(/^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{8}$/);
      expect(identifier).not.toMatch(/[IO01]/);
      expect(isPaymentIdentifier(identifier)).toBe(true);
    }
  });

  it('asks the random source for 8 values', () => {
    const asked: number[] = [];
    newPaymentIdentifier((length) => {
      asked.push(length);
      return new Uint8Array(length);
    });
    expect(asked).toEqual([8]);
  });

  it('is deterministic with an injected random source', () => {
    const random = bytes(0, 1, 2, 3, 28, 29, 30, 31);
    expect(newPaymentIdentifier(random)).toBe('ABCD6789');
    expect(newPaymentIdentifier(random)).toBe('ABCD6789');
  });

  it('maps every byte onto the alphabet, evenly (256 = 8 × 32)', () => {
    expect(newPaymentIdentifier(() => new Uint8Array(8))).toBe('AAAAAAAA');
    expect(newPaymentIdentifier(() => new Uint8Array(8).fill(255))).toBe('99999999');
    expect(newPaymentIdentifier(bytes(32, 64, 96, 128, 160, 192, 224, 0))).toBe('AAAAAAAA');
    expect(newPaymentIdentifier(bytes(8, 40, 13, 45, 255, 223, 31, 63))).toBe('JJPP9999');
    const counts = new Map<string, number>();
    for (let b = 0; b < 256; b++) {
      const letter = newPaymentIdentifier(() => new Uint8Array(8).fill(b))[0]!;
      counts.set(letter, (counts.get(letter) ?? 0) + 1);
    }
    expect(counts.size).toBe(32);
    expect([...counts.values()].every((n) => n === 8)).toBe(true);
  });

  it('is different each time with the real random source', () => {
    const seen = new Set(Array.from({ length: 200 }, () => newPaymentIdentifier()));
    expect(seen.size).toBe(200);
  });
});

describe('isPaymentIdentifier', () => {
  it.each(['K7QW2MZP', 'AAAAAAAA', '99999999', 'ABCD6789'])('accepts %s', (value) => {
    expect(isPaymentIdentifier(value)).toBe(true);
  });

  it.each([
    ['K7QW2MZ', 'too short'],
    ['K7QW2MZPX', 'too long'],
    ['', 'empty'],
    ['k7qw2mzp', 'lower case'],
    ['K7QW2MZI', 'has an I'],
    ['K7QW2MZO', 'has an O'],
    ['K7QW2MZ0', 'has a 0'],
    ['K7QW2MZ1', 'has a 1'],
    ['K7QW-MZP', 'has a dash'],
    [' K7QW2MZ', 'has a space'],
    ['K7QW2MZP\n', 'has a newline'],
    ['R123456789-K7QW2MZP', 'is a gateway order id'],
  ])('refuses %j (%s)', (value) => {
    expect(isPaymentIdentifier(value)).toBe(false);
  });
});

describe('gatewayOrderId: what the gateway sees as order_id', () => {
  it('is "<order number>-<identifier>"', () => {
    expect(gatewayOrderId('R123456789', 'K7QW2MZP')).toBe('R123456789-K7QW2MZP');
  });

  it('differs for two payments of the same order, so gateways do not report duplicates', () => {
    const first = gatewayOrderId('R123456789', newPaymentIdentifier(bytes(0, 0, 0, 0, 0, 0, 0, 0)));
    const second = gatewayOrderId('R123456789', newPaymentIdentifier(bytes(0, 0, 0, 0, 0, 0, 0, 1)));
    expect(first).toBe('R123456789-AAAAAAAA');
    expect(second).toBe('R123456789-AAAAAAAB');
    expect(first).not.toBe(second);
  });

  it('keeps the identifier recoverable after the last dash', () => {
    const id = gatewayOrderId('R123456789', 'K7QW2MZP');
    expect(isPaymentIdentifier(id.slice(id.lastIndexOf('-') + 1))).toBe(true);
    expect(id.startsWith('R123456789-')).toBe(true);
  });
});
