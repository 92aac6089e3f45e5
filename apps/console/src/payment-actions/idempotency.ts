import { containsCardNumber } from '@paydesk/domain';
import { useCallback, useRef } from 'react';

/**
 * A new Idempotency-Key (api.md): a random UUID whose digits hold no card number. About one UUID in 7,000 has
 * digit groups the card-number scrub reads as one, and the BFF refuses such a key (it could not keep it as sent).
 */
export function newIdempotencyKey(): string {
  let key = randomUuid();
  while (containsCardNumber(key)) key = randomUuid();
  return key;
}

/** `crypto.randomUUID` exists only in secure contexts (HTTPS, localhost); elsewhere one is made from random bytes. */
function randomUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The Idempotency-Key of one staff action: made when the component mounts (the dialog opens), and sent
 * again with every retry of the same request, so the server answers a retry from the first attempt and
 * never moves money twice. Once the staff member changes the request (another amount, another reason), it
 * is another request: the server would refuse the old key for it (409 IdempotencyKeyReused), so it gets a
 * new key.
 */
export function useIdempotencyKey(): (request: unknown) => string {
  const state = useRef<{ key: string; request: string | null } | null>(null);
  state.current ??= { key: newIdempotencyKey(), request: null };
  return useCallback((request: unknown) => {
    const current = state.current!;
    const serialized = JSON.stringify(request ?? null);
    if (current.request !== null && current.request !== serialized) current.key = newIdempotencyKey();
    current.request = serialized;
    return current.key;
  }, []);
}
