import { maskCardNumbers } from '@paydesk/domain';
import pino, { type DestinationStream, type Logger } from 'pino';

/** Paths that may hold secrets; pino replaces them wherever a log line would carry them. */
const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.csrf_token',
];

/** Structured JSON logs. Request bodies are never logged; a card number typed into a URL is masked. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: {
        req: (req: { method: string; url: string; headers: Record<string, unknown>; remoteAddress?: string }) => ({
          method: req.method,
          url: maskCardNumbers(safeDecode(req.url)),
          userAgent: req.headers['user-agent'],
          remoteAddress: req.remoteAddress,
        }),
      },
    },
    destination,
  );
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}
