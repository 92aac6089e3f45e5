import type { Request } from 'express';

/** Who asked, from where: what the audit trail keeps of a request. */
export function requestOrigin(req: Request): { ip: string | null; user_agent: string | null } {
  return { ip: req.ip ?? null, user_agent: req.get('user-agent')?.slice(0, 500) ?? null };
}
