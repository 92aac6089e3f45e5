import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { DatabaseHandle } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import type { Metrics } from './metrics.ts';

/**
 * The route a request matched, as its pattern (`/api/payments/:id/capture`), so that every payment's URL
 * counts in one series: the matched route's pattern after the part of the URL its routers were mounted on.
 * `(unmatched)` for an /api request that reached no route (a 404, or refused before its route, e.g. a 401);
 * `(console)` for the console's files.
 */
export function routeLabel(req: Request): string {
  const pathname = req.originalUrl.split('?')[0] ?? '';
  if (pathname === '/metrics') return '/metrics';
  if (pathname !== '/api' && !pathname.startsWith('/api/')) return '(console)';
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern !== 'string') return '(unmatched)';
  const segments = pathname.split('/').filter(Boolean);
  const own = pattern.split('/').filter(Boolean);
  const mount = segments.slice(0, Math.max(0, segments.length - own.length));
  return `/${[...mount, ...own].join('/')}`;
}

/** Times every request into paydesk_http_request_duration_seconds, labelled when its answer is sent. */
export function requestMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpRequestDuration.startTimer();
    res.once('finish', () => end({ method: req.method, route: routeLabel(req), status: String(res.statusCode) }));
    next();
  };
}

/**
 * `GET /metrics` in Prometheus's text format, for a scraper holding PAYDESK_METRICS_TOKEN as its bearer token.
 * Without a token configured the endpoint is off (404); a missing or wrong token is a 401.
 */
export function metricsHandler(metrics: Metrics, database: DatabaseHandle, token: string | undefined): RequestHandler {
  const expected = token ? digest(token) : undefined;
  return async (req, res) => {
    if (!expected) throw new AppError('NotFound', 'No such endpoint.');
    const given = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!given || !timingSafeEqual(digest(given), expected)) {
      res.set('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new AppError('Unauthenticated', 'The metrics need their bearer token (PAYDESK_METRICS_TOKEN).');
    }
    const { contentType, body } = await metrics.scrape(database);
    res.set('Cache-Control', 'no-store').type(contentType).send(body);
  };
}

const digest = (value: string) => createHash('sha256').update(value).digest();
