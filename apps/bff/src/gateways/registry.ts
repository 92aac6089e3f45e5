import { BogusGateway } from './bogus.gateway.ts';
import { CheckGateway } from './check.gateway.ts';
import type { GatewayAdapter } from './gateway.ts';

export interface GatewayRegistry {
  /** The adapter for a payment method's `type` and preferences. */
  forMethod(method: { type: string; preferences: Record<string, unknown> }): GatewayAdapter;
}

/** Adapters by payment method type. `bogus` reads `latency_ms` from the method's preferences. */
export function defaultGateways(): GatewayRegistry {
  const check = new CheckGateway();
  return {
    forMethod(method) {
      switch (method.type) {
        case 'bogus':
          return new BogusGateway({ latencyMs: Number(method.preferences.latency_ms ?? 0) || 0 });
        case 'check':
          return check;
        default:
          throw new Error(`No gateway adapter for payment method type "${method.type}".`);
      }
    },
  };
}
