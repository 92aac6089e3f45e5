import { describe, expect, it } from 'vitest';
import {
  containsCardNumber,
  isLuhnValid,
  maskCardNumbers,
  maskCardNumbersDeep,
  maskStoredText,
  scrubCardData,
} from './card-data.ts';

describe('card data', () => {
  it.each([
    ['4111111111111111', '[card ****1111]'],
    ['card 4111 1111 1111 1111 declined', 'card [card ****1111] declined'],
    ['5500-0000-0000-0004', '[card ****0004]'],
    ['378282246310005', '[card ****0005]'],
  ])('masks %s', (input, masked) => {
    expect(maskCardNumbers(input)).toBe(masked);
    expect(containsCardNumber(input)).toBe(true);
  });

  it('leaves last fours, amounts, dates and order numbers alone', () => {
    for (const text of [
      '4242',
      '120.00',
      '2026-11-21T12:00:00Z',
      'R123456789',
      'order R123456789-K7QW2MZP',
      '12345678901',
      // 16 digits that fail the Luhn check: an order or reference number, not a card
      'order 1234567812345678 shipped',
      '9876-5432-1012-3456',
      // digits glued to letters: a hex hash
      'a94f1111111111111111b3c2',
      '20 items',
    ]) {
      expect(maskCardNumbers(text)).toBe(text);
      expect(containsCardNumber(text)).toBe(false);
    }
  });

  it('removes sensitive keys and masks numbers deep inside values', () => {
    const scrubbed = scrubCardData({
      card: { number: '4111111111111111', cvv: '123', last4: '1111', brand: 'visa' },
      message: 'Declined for 4000000000000002',
      history: [{ note: 'retry 4000 0000 0000 0002' }],
      amount: 1200,
    });
    expect(scrubbed).toEqual({
      card: { last4: '1111', brand: 'visa' },
      message: 'Declined for [card ****0002]',
      history: [{ note: 'retry [card ****0002]' }],
      amount: 1200,
    });
  });

  it('checks the Luhn digit', () => {
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('4111111111111112')).toBe(false);
    expect(isLuhnValid('79927398713')).toBe(true);
  });

  it.each([
    ['a card then a CVV: 4111 1111 1111 1111 123', 'a card then a CVV: [card ****1111] 123'],
    ['two: 4111111111111111, 5500-0000-0000-0004.', 'two: [card ****1111], [card ****0004].'],
    ['19 digits 6011000990139424000 ok', '19 digits 6011000990139424000 ok'],
    ['/api/payments/4111111111111111/capture', '/api/payments/[card ****1111]/capture'],
    ['ref 12 4111-1111-1111-1111', 'ref 12 [card ****1111]'],
  ])('masks only the card number in %s', (input, output) => {
    expect(maskCardNumbers(input)).toBe(output);
  });

  it('masks inside JSON text and values, keeping keys and valid JSON', () => {
    expect(JSON.parse(maskStoredText('{"card":{"number":4111111111111111},"note":"line\\n4111111111111111"}'))).toEqual(
      {
        card: { number: '[card ****1111]' },
        note: 'line\n[card ****1111]',
      },
    );
    expect(maskStoredText('{not json 4111111111111111')).toBe('{not json [card ****1111]');
    expect(
      maskCardNumbersDeep({ order: { number: 'R123456789' }, pan: 4111111111111111, n: 1234567812345678 }),
    ).toEqual({
      order: { number: 'R123456789' },
      pan: '[card ****1111]',
      n: 1234567812345678,
    });
  });
});
