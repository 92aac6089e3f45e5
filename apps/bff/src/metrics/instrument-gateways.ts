import type { GatewayAdapter, GatewayResponse } from '../gateways/gateway.ts';
import type { GatewayRegistry } from '../gateways/registry.ts';
import type { Metrics } from './metrics.ts';

const ACTIONS = ['authorize', 'purchase', 'capture', 'void', 'refund', 'retrieve'] as const;
const instrumented = new WeakMap<GatewayRegistry, Metrics>();

/**
 * The same gateways, each call timed into `paydesk_gateway_call_duration_seconds` by the payment method's
 * type, the action and the outcome (the gateway's answer, or `exception` when the adapter threw). Offline
 * methods make no gateway call and are not counted. Wrapping twice with the same metrics changes nothing.
 */
export function instrumentGateways(registry: GatewayRegistry, metrics: Metrics): GatewayRegistry {
  if (instrumented.get(registry) === metrics) return registry;
  const wrapped: GatewayRegistry = {
    forMethod(method) {
      const adapter = registry.forMethod(method);
      return adapter.callsGateway ? timed(adapter, method.type, metrics) : adapter;
    },
  };
  instrumented.set(wrapped, metrics);
  return wrapped;
}

function timed(adapter: GatewayAdapter, methodType: string, metrics: Metrics): GatewayAdapter {
  const calls = Object.fromEntries(
    ACTIONS.map((action) => {
      const call = adapter[action] as (...args: unknown[]) => Promise<GatewayResponse>;
      return [
        action,
        async (...args: unknown[]) => {
          const end = metrics.gatewayCallDuration.startTimer({ method_type: methodType, action });
          try {
            const response = await call.apply(adapter, args);
            end({ outcome: response.outcome });
            return response;
          } catch (error) {
            end({ outcome: 'exception' });
            throw error;
          }
        },
      ];
    }),
  );
  return Object.assign(Object.create(adapter) as GatewayAdapter, calls);
}
