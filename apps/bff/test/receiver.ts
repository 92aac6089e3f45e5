import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A storefront's callback endpoint on loopback: records what arrives and answers the scripted statuses. */
export async function startReceiver(
  statuses: number[] = [],
): Promise<{ url: string; received: Received[]; answer: number[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const answer = [...statuses];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answer.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/paydesk/callback`,
    received,
    answer,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
