import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { logFormat } from '../src/config.ts';
import { createLogger, prettyDestination } from '../src/logger.ts';

function sink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => lines.join('') };
}

describe('log format', () => {
  it('is pretty on a terminal and JSON otherwise, unless LOG_FORMAT says', () => {
    expect(logFormat(undefined, true)).toBe('pretty');
    expect(logFormat(undefined, false)).toBe('json');
    expect(logFormat('auto', true)).toBe('pretty');
    expect(logFormat('', false)).toBe('json');
    expect(logFormat('json', true)).toBe('json');
    expect(logFormat('PRETTY', false)).toBe('pretty');
    expect(() => logFormat('xml', true)).toThrow(/LOG_FORMAT must be auto, pretty or json/);
  });

  it('writes one readable line per request, card numbers masked and secrets redacted as in JSON', async () => {
    const out = sink();
    const logger = createLogger('info', prettyDestination({ colorize: false, destination: out.stream }));
    logger.info(
      {
        req: { method: 'GET', url: '/api/payments?q=4111111111111111', headers: { cookie: 'sid=secret-cookie' } },
        res: { statusCode: 200 },
        responseTime: 12,
      },
      'request completed',
    );
    logger.warn({ staff: { password: 'hunter2-hunter2' } }, 'Card 4242 4242 4242 4242 refused');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const text = out.text();
    expect(text).toMatch(/INFO: GET \/api\/payments\?q=\[card \*{4}1111\] 200 12 ms\n/);
    expect(text).toMatch(/WARN: Card \[card \*{4}4242\] refused\n/);
    expect(text).toContain('[redacted]');
    for (const secret of ['4111111111111111', '4242 4242 4242 4242', 'secret-cookie', 'hunter2-hunter2'])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/^\{/m);
  });
});
