import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLogoutIfAccessDenied } from 'react-admin';
import {
  fetchFailureSeries,
  fetchSpikeAlert,
  type FailureSeries,
  type MonitoringRange,
  type Signal,
  type SpikeAlert,
} from './api.ts';

/** Leads keep the dashboard open all day: both refresh by themselves, in the background too. */
export const REFRESH_MS = 30_000;

/** A signed-out session (401) ends in the login page, as react-admin's own queries do. */
function useSignOutOn401(error: unknown) {
  const logoutIfAccessDenied = useLogoutIfAccessDenied();
  useEffect(() => {
    if (error) void logoutIfAccessDenied(error);
  }, [error, logoutIfAccessDenied]);
}

/** Whether a failed-order spike is on now (GET /api/monitoring/alerts), every 30 seconds. */
export function useSpikeAlert(signal?: Signal): UseQueryResult<SpikeAlert> {
  const query = useQuery({
    queryKey: ['monitoring', 'alerts', signal ?? null],
    queryFn: () => fetchSpikeAlert(signal),
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: true,
    staleTime: REFRESH_MS / 2,
  });
  useSignOutOn401(query.error);
  return query;
}

/** The failure series of a range (and payment method), every 30 seconds; the last one stays while the next loads. */
export function useFailureSeries(
  range: MonitoringRange,
  paymentMethodId?: number,
  signal: Signal = 'failures',
): UseQueryResult<FailureSeries> {
  const query = useQuery({
    queryKey: ['monitoring', 'failures', range, paymentMethodId ?? null, signal],
    queryFn: () => fetchFailureSeries(range, paymentMethodId, signal),
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: true,
    staleTime: REFRESH_MS / 2,
    placeholderData: keepPreviousData,
  });
  useSignOutOn401(query.error);
  return query;
}
