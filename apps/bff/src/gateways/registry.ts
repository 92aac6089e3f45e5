import { openPreferences } from '../payment-methods/method-secrets.ts';
import { type SecretBox, secretBoxFromEnv } from '../secrets/secret-box.ts';
import { BogusGateway } from './bogus.gateway.ts';
import { CarrierGateway, carrierConfigFrom } from './carrier.gateway.ts';
import { OfflineGateway } from './offline.gateway.ts';
import type { GatewayAdapter } from './gateway.ts';
import { SandboxGateway, sandboxConfigFrom } from './sandbox.gateway.ts';
import { StripeGateway, stripeConfigFrom } from './stripe.gateway.ts';

export interface GatewayRegistry {
  /** The adapter for a payment method's `type` and preferences (as stored: its secrets sealed). */
  forMethod(method: { type: string; preferences: Record<string, unknown> }): GatewayAdapter;
}

/**
 * Adapters by payment method type. `bogus` reads `latency_ms` from the method's preferences; `sandbox`
 * reads `base_url`, `api_key` and `timeout_ms`; `stripe` reads `secret_key`, `webhook_secret`, `api_base` and
 * `timeout_ms`; `carrier` reads `base_url`, `api_key`, `notification_secret`, `timeout_ms` and `notify_url` (an
 * unconfigured sandbox, stripe or carrier method refuses with 409). Secrets are opened here, with
 * `secrets` (PAYDESK_SECRETS_KEY), for the adapter alone.
 */
export function defaultGateways(secrets: SecretBox = secretBoxFromEnv()): GatewayRegistry {
  const check = new OfflineGateway('Recorded without a gateway (offline payment)');
  return {
    forMethod(method) {
      const preferences = openPreferences(secrets, method.preferences);
      switch (method.type) {
        case 'bogus':
          return new BogusGateway({ latencyMs: Number(preferences.latency_ms ?? 0) || 0 });
        case 'check':
          return check;
        case 'sandbox':
          return new SandboxGateway(sandboxConfigFrom(preferences));
        case 'carrier':
          return new CarrierGateway(carrierConfigFrom(preferences));
        case 'stripe':
          return new StripeGateway(stripeConfigFrom(preferences));
        default:
          throw new Error(`No gateway adapter for payment method type "${method.type}".`);
      }
    },
  };
}
