import { describe, expect, it } from 'vitest';
import { containsCardNumber, maskCardNumbers, scrubCardData } from './card-data.ts';

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
});
