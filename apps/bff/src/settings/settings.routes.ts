import { emptyBody, type Setting, settingBody } from '@paydesk/contract';
import { weakensMoneyControl } from '@paydesk/domain';
import { type Request, Router } from 'express';
import { recordAuditEvent } from '../audit-events/audit-events.repository.ts';
import { authorize } from '../auth/authorize.ts';
import { staffOf } from '../auth/require-session.ts';
import type { Db } from '../db/database.ts';
import { AppError, invalidArgument, notFound } from '../http/errors.ts';
import { requestOrigin } from '../http/request-context.ts';
import { parseInput } from '../http/validate.ts';
import { settingValueProblem } from './setting-checks.ts';
import { isSettingKey, SETTINGS, type SettingKey } from './settings.definitions.ts';
import {
  decideSettingChange,
  fileSettingChange,
  getSetting,
  listSettings,
  lockPendingSettingChange,
  type PendingSettingChange,
  pendingSettingChanges,
  putSetting,
  type SettingRecord,
} from './settings.repository.ts';

/** A setting as the contract's Setting has it, with the change waiting for a second admin (if any). */
function settingToWire(setting: SettingRecord, pending: PendingSettingChange | undefined): Setting {
  return {
    id: setting.id,
    value: setting.value,
    description: setting.description,
    updated_at: setting.updated_at?.toISOString() ?? null,
    pending_change: pending
      ? {
          id: pending.id,
          value: pending.value,
          requested_by: pending.requested_by,
          requested_at: pending.requested_at.toISOString(),
        }
      : null,
  };
}

/**
 * Settings are few and known: the list is always whole; only `value` is writable. A change that weakens a
 * money control (a higher approval threshold, a currency without one) is not applied but filed, 202, until a
 * second admin applies it (`POST /:id/approve`) or someone rejects it (`POST /:id/reject`).
 */
export function settingsRouter(db: Db): Router {
  const router = Router();

  const withPending = async (): Promise<Setting[]> => {
    const pending = await pendingSettingChanges(db);
    return (await listSettings(db)).map((s) => settingToWire(s, pending.get(s.id)));
  };
  const one = async (key: string) => {
    const setting = (await withPending()).find((s) => s.id === key);
    if (!setting) throw notFound('setting');
    return setting;
  };
  const keyOf = (req: Request): SettingKey => {
    const key = req.params.id;
    if (typeof key !== 'string' || !isSettingKey(key)) throw notFound('setting');
    return key;
  };

  router.get('/', async (_req, res) => {
    const settings = await withPending();
    res.set('Content-Range', `settings 0-${settings.length - 1}/${settings.length}`);
    res.json(settings);
  });

  router.get('/:id', async (req, res) => {
    res.json(await one(req.params.id));
  });

  router.put('/:id', async (req, res) => {
    const key = keyOf(req);
    const definition = SETTINGS[key];
    if ('readOnly' in definition && definition.readOnly)
      throw new AppError('InvalidState', 'This setting is not changed by hand.');
    const { value } = parseInput(settingBody, req.body);
    const parsed = definition.schema.safeParse(value);
    if (!parsed.success) throw invalidArgument({ value: parsed.error.issues[0]?.message ?? 'Is not valid.' });
    const problem = await settingValueProblem(db, key, parsed.data);
    if (problem) throw invalidArgument({ value: problem });
    const { user } = staffOf(req);
    const filed = await db.transaction().execute(async (tx) => {
      if (!weakensMoneyControl(key, await getSetting(tx, key), parsed.data)) {
        await putSetting(tx, key, parsed.data as never);
        return false;
      }
      await fileSettingChange(tx, key, parsed.data, user.id);
      return true;
    });
    if (filed) res.locals.auditNote = 'weakens a money control: waiting for a second admin';
    res.status(filed ? 202 : 200).json(await one(key));
  });

  /** A second admin applies, or anyone with the right rejects, the change waiting on a money control. */
  const decide = (decision: 'approve' | 'reject') =>
    router.post(`/:id/${decision}`, authorize(db, 'settings', decision), async (req, res) => {
      const key = keyOf(req);
      parseInput(emptyBody, req.body ?? {});
      const { user } = staffOf(req);
      const audit = (outcome: 'succeeded' | 'refused', reason: string | null) =>
        recordAuditEvent(db, {
          staff_user_id: user.id,
          action: `settings.${decision}`,
          resource: 'settings',
          record_id: key,
          outcome,
          reason,
          ...requestOrigin(req),
        });
      try {
        await db.transaction().execute(async (tx) => {
          const change = await lockPendingSettingChange(tx, key);
          if (!change) throw new AppError('InvalidState', 'No change of this setting is waiting for approval.');
          if (decision === 'approve') {
            if (change.requested_by === user.id) {
              throw new AppError(
                'Forbidden',
                'A change that weakens a money control needs a second admin to approve it.',
              );
            }
            await putSetting(tx, key, change.value as never);
          }
          await decideSettingChange(tx, change.id, decision === 'approve' ? 'applied' : 'rejected', user.id);
        });
      } catch (error) {
        if (error instanceof AppError) await audit('refused', `${error.code}: ${error.message}`);
        throw error;
      }
      await audit('succeeded', null);
      res.json(await one(key));
    });
  decide('approve');
  decide('reject');
  return router;
}
