import pino, { type Logger } from 'pino';

/** Paths that may hold secrets; pino replaces them wherever a log line would carry them. */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.card_number',
  '*.number',
  '*.cvv',
  '*.csrf_token',
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}
