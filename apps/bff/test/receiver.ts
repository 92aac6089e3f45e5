import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A storefront's callback endpoint on loopback: records what arrives and answers the scripted statuses, each
 * after `delayMs` (a slow storefront); `busiest` is the most requests it held at once.
 */
export async function startReceiver(
  statuses: number[] = [],
  { delayMs = 0 }: { delayMs?: number } = {},
): Promise<{
  url: string;
  received: Received[];
  answer: number[];
  readonly busiest: number;
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const answer = [...statuses];
  let holding = 0;
  let busiest = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    holding += 1;
    busiest = Math.max(busiest, holding);
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      setTimeout(() => {
        holding -= 1;
        res.statusCode = answer.shift() ?? 200;
        res.end('ok');
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/paydesk/callback`,
    received,
    answer,
    get busiest() {
      return busiest;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
