import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { staffOf } from '../auth/require-session.ts';
import type { Db } from '../db/database.ts';
import type { ApiKeyRow } from '../db/schema.ts';
import { addReadRoutes, findOr404 } from '../http/read-routes.ts';
import { parseInput } from '../http/validate.ts';
import {
  apiKeyListSpec,
  findApiKey,
  hashApiKey,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
} from './api-keys.repository.ts';

/** Never the key's hash or the signing secret. */
export function apiKeyToWire({ key_hash: _hash, signing_secret: _secret, ...key }: ApiKeyRow) {
  return key;
}

const createInput = z.object({ name: z.string().trim().min(1, 'This field is required.').max(100) });

/** Storefront API keys, for admins: made here, shown once, stored hashed; DELETE revokes. */
export function apiKeysRouter(db: Db): Router {
  const router = Router();
  const resource = { spec: apiKeyListSpec, noun: 'API key', list: listApiKeys, find: findApiKey, toWire: apiKeyToWire };
  addReadRoutes(router, db, resource);

  router.post('/', async (req, res) => {
    const { name } = parseInput(createInput, req.body);
    const key = `pdk_${randomBytes(24).toString('base64url')}`;
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const row = await insertApiKey(db, {
      name,
      key_prefix: key.slice(0, 12),
      key_hash: hashApiKey(key),
      signing_secret: secret,
      created_by: staffOf(req).user.id,
    });
    // This once only: the key and the secret that signs callbacks.
    res.status(201).json({ ...apiKeyToWire(row), key, secret });
  });

  router.delete('/:id', async (req, res) => {
    const current = await findOr404(db, resource, req.params.id);
    res.json(apiKeyToWire((await revokeApiKey(db, current.id)) ?? current));
  });
  return router;
}
