import { can } from '@paydesk/domain';
import type { Request, RequestHandler } from 'express';
import { recordAuditEvent } from '../audit-events/audit-events.repository.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { requestOrigin } from '../http/request-context.ts';
import { staffOf } from './require-session.ts';

const ROLE_NAME = {
  admin: 'An admin',
  operator: 'An operator',
  finance: 'A finance',
  fraud_analyst: 'A fraud analyst',
  viewer: 'A viewer',
} as const;

/** The record a request is about: its `:id`, or the first path segment inside the resource's router. */
function recordIdOf(req: Request): string | null {
  const id = req.params.id;
  if (typeof id === 'string') return id;
  return /^\/([^/]+)/.exec(req.path)?.[1] ?? null;
}

/** react-admin's action for a CRUD request, from its method and path inside the resource's router. */
function crudAction(req: Request): string | undefined {
  const onCollection = req.path === '/' || req.path === '';
  const onRecord = /^\/[^/]+\/?$/.test(req.path);
  if (req.method === 'GET' || req.method === 'HEAD') {
    // An export is the list, all of it: the same roles may have it.
    if (onCollection || req.path === '/export.csv') return 'list';
    return onRecord ? 'show' : undefined;
  }
  if (req.method === 'POST' && onCollection) return 'create';
  if (req.method === 'PUT' && onRecord) return 'edit';
  if (req.method === 'DELETE' && onRecord) return 'delete';
  return undefined;
}

/**
 * Refuses what the staff member's role does not allow: 403 Forbidden, recorded in the audit trail.
 * `action` defaults to the CRUD action of the request (list, show, create, edit, delete).
 */
export function authorize(db: Db, resource: string, action?: string): RequestHandler {
  return async (req, _res, next) => {
    const wanted = action ?? crudAction(req);
    if (wanted === undefined) return next();
    const { user } = staffOf(req);
    if (can(user.role, resource, wanted)) return next();
    await recordAuditEvent(db, {
      staff_user_id: user.id,
      action: `${resource}.${wanted}`,
      resource,
      record_id: recordIdOf(req),
      outcome: 'denied',
      idempotency_key: req.get('idempotency-key') ?? null,
      ...requestOrigin(req),
    });
    throw new AppError('Forbidden', `${ROLE_NAME[user.role]} may not do this (${resource}: ${wanted}).`);
  };
}

declare global {
  namespace Express {
    interface Locals {
      /** What a write's audit event notes beside its outcome (never a value that is a secret). */
      auditNote?: string;
    }
  }
}

/**
 * Records every write to a staff-editable resource (payment methods, reasons, settings, staff) with its
 * outcome, before the response leaves.
 */
export function auditWrites(db: Db, resource: string): RequestHandler {
  return (req, res, next) => {
    const action = crudAction(req);
    if (!action || action === 'list' || action === 'show') return next();
    // Read here, inside the resource's mount: by the time an error is answered, the path is the whole URL.
    const targetId = recordIdOf(req);
    const send = res.json.bind(res);
    res.json = (body: unknown) => {
      // A denial is already recorded by authorize().
      if (res.statusCode === 403 || !req.staff) return send(body);
      const outcome = res.statusCode < 400 ? 'succeeded' : res.statusCode < 500 ? 'refused' : 'failed';
      const createdId = (body as { id?: unknown } | null)?.id;
      const recordId = targetId ?? (createdId === undefined ? null : String(createdId));
      const error = (body as { code?: string; message?: unknown } | null)?.code
        ? (body as { code: string; message: unknown })
        : undefined;
      recordAuditEvent(db, {
        staff_user_id: req.staff.user.id,
        action: `${resource}.${action}`,
        resource,
        record_id: recordId,
        outcome,
        reason: error
          ? `${error.code}: ${typeof error.message === 'string' ? error.message : JSON.stringify(error.message)}`
          : null,
        note: res.locals.auditNote ?? null,
        ...requestOrigin(req),
      })
        .catch((failure: unknown) => req.log?.error({ err: failure }, 'could not record an audit event'))
        .finally(() => send(body));
      return res;
    };
    next();
  };
}
