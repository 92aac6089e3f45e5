import type { Client } from './lib/http.ts';
import { latency, type Latency } from './lib/stats.ts';

/** Benchmark 5: the spike monitoring endpoints over the seed's 30 days of data. */

export interface MonitoringResult {
  path: string;
  /** undefined when the endpoint is not there (404): reported as not available. */
  latency?: Latency;
  status: number;
}

const PATHS = [
  '/api/monitoring/failures?range=24h&bucket=5m',
  '/api/monitoring/failures?range=7d&bucket=1h',
  '/api/monitoring/failures?range=30d&bucket=1h',
  '/api/monitoring/alerts',
];

export async function benchMonitoring(
  clients: Client[],
  {
    warmup = 5,
    iterations = 50,
    paths = PATHS,
  }: { warmup?: number; iterations?: number; paths?: readonly string[] } = {},
): Promise<MonitoringResult[]> {
  const results: MonitoringResult[] = [];
  let turn = 0;
  for (const path of paths) {
    const first = await clients[turn++ % clients.length]!.get(path);
    if (first.status !== 200) {
      results.push({ path, status: first.status });
      continue;
    }
    const times: number[] = [];
    for (let i = 0; i < warmup + iterations; i++) {
      const answer = await clients[turn++ % clients.length]!.get(path);
      if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      if (i >= warmup) times.push(answer.ms);
    }
    results.push({ path, status: 200, latency: latency(times) });
  }
  return results;
}
