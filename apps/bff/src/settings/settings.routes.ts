import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { AppError, invalidArgument, notFound } from '../http/errors.ts';
import { parseInput } from '../http/validate.ts';
import { isSettingKey, SETTINGS } from './settings.definitions.ts';
import { listSettings, putSetting } from './settings.repository.ts';

/** Settings are few and known: the list is always whole; only `value` is writable. */
export function settingsRouter(db: Db): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    const settings = await listSettings(db);
    res.set('Content-Range', `settings 0-${settings.length - 1}/${settings.length}`);
    res.json(settings);
  });

  router.get('/:id', async (req, res) => {
    const setting = (await listSettings(db)).find((s) => s.id === req.params.id);
    if (!setting) throw notFound('setting');
    res.json(setting);
  });

  router.put('/:id', async (req, res) => {
    const key = req.params.id;
    if (!isSettingKey(key)) throw notFound('setting');
    const definition = SETTINGS[key];
    if ('readOnly' in definition && definition.readOnly)
      throw new AppError('InvalidState', 'This setting is not changed by hand.');
    const { value } = parseInput(z.object({ value: z.unknown() }), req.body);
    const parsed = definition.schema.safeParse(value);
    if (!parsed.success) throw invalidArgument({ value: parsed.error.issues[0]?.message ?? 'Is not valid.' });
    await putSetting(db, key, parsed.data as never);
    res.json((await listSettings(db)).find((s) => s.id === key));
  });
  return router;
}
