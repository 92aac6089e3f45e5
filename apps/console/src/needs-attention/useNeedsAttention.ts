import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import type { PaydeskDataProvider } from '../dataProvider.ts';

/** How often the counts are fetched again while the console is open (the menu badge keeps it fresh). */
export const NEEDS_ATTENTION_REFRESH_MS = 60_000;

/** `GET /api/needs-attention`, shared by the menu badge and the page (one query key, one request). */
export function useNeedsAttention() {
  const dataProvider = useDataProvider<PaydeskDataProvider>();
  return useQuery({
    queryKey: ['needs-attention'],
    queryFn: () => dataProvider.needsAttention(),
    refetchInterval: NEEDS_ATTENTION_REFRESH_MS,
  });
}
