import { useQuery } from '@tanstack/react-query';
import { httpClient } from '../api/httpClient.ts';
import { API_URL } from '../api/session.ts';
import type { MoneyAtAGlance } from '@paydesk/contract';

/** `GET /api/dashboard/money` as the contract has it. */
export type { CurrencyMoney, MoneyAtAGlance } from '@paydesk/contract';

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
