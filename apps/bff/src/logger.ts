import { maskCardNumbers, maskStoredText } from '@paydesk/domain';
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

/** Paths that may hold secrets; pino replaces them wherever a log line would carry them. */
const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.csrf_token',
  // Gateway credentials: never in a log line, even opened by mistake.
  '*.preferences',
  '*.secret_key',
  '*.webhook_secret',
  '*.api_key',
  '*.notification_secret',
  '*.secretKey',
  '*.webhookSecret',
  '*.apiKey',
  '*.notificationSecret',
];

interface LoggedRequest {
  method: string;
  url: string;
  headers: Record<string, unknown>;
  remoteAddress?: string;
}

/** A request in a log line: method, URL (decoded, card numbers masked), user agent, address. Never headers or body. */
export function requestSerializer(req: LoggedRequest) {
  return {
    method: req.method,
    url: maskCardNumbers(safeDecode(req.url)),
    userAgent: req.headers['user-agent'],
    remoteAddress: req.remoteAddress,
  };
}

/**
 * Structured JSON logs. Request bodies are never logged; every line, whatever wrote it (a request, an error,
 * a job), has its card numbers masked just before it is written.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { req: requestSerializer },
      // ISO times: a run of 13 digits (epoch milliseconds) could pass the Luhn check and be masked as a card.
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: { streamWrite: maskLogLine },
    },
    destination,
  );
}

/**
 * Where the server's log goes on a terminal: each (already masked and redacted) JSON line turned into one
 * readable line — time, level, message, then the request's method, URL and status — in the same process.
 */
export function prettyDestination(
  options: { colorize?: boolean; destination?: NodeJS.WritableStream } = {},
): DestinationStream {
  return pretty({
    ...(options.destination ? { destination: options.destination } : {}),
    colorize: options.colorize ?? true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,req,res,responseTime',
    messageFormat: (log, messageKey) => {
      const req = log.req as { method?: string; url?: string } | undefined;
      const res = log.res as { statusCode?: number } | undefined;
      const message = String(log[messageKey] ?? '');
      if (!req?.method) return message;
      const time = typeof log.responseTime === 'number' ? ` ${log.responseTime} ms` : '';
      return `${req.method} ${req.url} ${res?.statusCode ?? ''}${time} ${message === 'request completed' ? '' : message}`.trim();
    },
    sync: true,
  });
}

/** One JSON log line, its card numbers masked; it stays one line of valid JSON. */
export function maskLogLine(line: string): string {
  const newline = line.endsWith('\n');
  const masked = maskStoredText(newline ? line.slice(0, -1) : line);
  return newline ? `${masked}\n` : masked;
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}
