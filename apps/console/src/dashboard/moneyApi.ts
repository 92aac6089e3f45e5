import { useQuery } from '@tanstack/react-query';
import { httpClient } from '../api/httpClient.ts';
import { API_URL } from '../api/session.ts';
import type { Amount, IsoTime } from '../types.ts';

/** One currency's money at a glance: decimal strings in the currency's minor unit. */
export interface CurrencyMoney {
  currency: string;
  captured: Amount;
  captured_count: number;
  refunded: Amount;
  refunded_count: number;
  /** What the authorizations lapsing within `expiring_hours` hold. */
  expiring: Amount;
  expiring_count: number;
}

/** `GET /api/dashboard/money`: the shop's day (in its `shop_time_zone`) and the authorizations about to lapse. */
export interface MoneyAtAGlance {
  time_zone: string;
  day: string;
  from: IsoTime;
  to: IsoTime;
  expiring_hours: number;
  expiring_count: number;
  /** The payments-list filter that names the expiring authorizations (the capture queue takes it). */
  expiring_filter: Record<string, unknown>;
  currencies: CurrencyMoney[];
}

/** As often as the Needs attention count. */
export const MONEY_REFRESH_MS = 60_000;

export async function fetchMoneyAtAGlance(): Promise<MoneyAtAGlance> {
  const { json } = await httpClient(`${API_URL}/dashboard/money`);
  return json as MoneyAtAGlance;
}

export function useMoneyAtAGlance() {
  return useQuery({
    queryKey: ['dashboard', 'money'],
    queryFn: fetchMoneyAtAGlance,
    refetchInterval: MONEY_REFRESH_MS,
  });
}
