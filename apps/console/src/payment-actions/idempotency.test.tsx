import { containsCardNumber } from '@paydesk/domain';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newIdempotencyKey } from './idempotency.ts';

describe('newIdempotencyKey', () => {
  afterEach(() => vi.restoreAllMocks());

  it('makes a UUID', () => {
    expect(newIdempotencyKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('draws again when a UUID’s digits hold a card number, which the BFF would refuse', () => {
    const holdsCard = 'c487a9e5-3474-4ac6-8867-143833895017';
    const fine = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
    expect(containsCardNumber(holdsCard)).toBe(true);
    expect(containsCardNumber(fine)).toBe(false);
    const uuid = vi.spyOn(crypto, 'randomUUID').mockReturnValueOnce(holdsCard).mockReturnValueOnce(fine);
    expect(newIdempotencyKey()).toBe(fine);
    expect(uuid).toHaveBeenCalledTimes(2);
  });
});
