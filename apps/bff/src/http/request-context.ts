import type { Request } from 'express';
import { staffOf } from '../auth/require-session.ts';
import type { CommandContext } from '../payments/payment-commands.ts';

/** Who asked, from where: what the audit trail keeps of a request. */
export function requestOrigin(req: Request): { ip: string | null; user_agent: string | null } {
  return { ip: req.ip ?? null, user_agent: req.get('user-agent')?.slice(0, 500) ?? null };
}

/** The staff member behind a command and where it came from, for the command and its audit event. */
export function commandContext(req: Request): CommandContext {
  const { ip, user_agent } = requestOrigin(req);
  return { staff: staffOf(req).user, ip, userAgent: user_agent, idempotencyKey: req.get('idempotency-key') ?? null };
}
