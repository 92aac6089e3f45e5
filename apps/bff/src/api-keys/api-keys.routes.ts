import { randomBytes } from 'node:crypto';
import { type ApiKey, apiKeyBody, type CreatedApiKey } from '@paydesk/contract';
import { Router } from 'express';
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

/** Explicit picks: never the key's hash or the signing secret. */
export function apiKeyToWire(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    key_prefix: row.key_prefix,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
    revoked_at: row.revoked_at?.toISOString() ?? null,
    last_used_at: row.last_used_at?.toISOString() ?? null,
  };
}

/** Storefront API keys, for admins: made here, shown once, stored hashed; DELETE revokes. */
export function apiKeysRouter(db: Db): Router {
  const router = Router();
  const resource = { spec: apiKeyListSpec, noun: 'API key', list: listApiKeys, find: findApiKey, toWire: apiKeyToWire };
  addReadRoutes(router, db, resource);

  router.post('/', async (req, res) => {
    const { name } = parseInput(apiKeyBody, req.body);
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
    const created: CreatedApiKey = { ...apiKeyToWire(row), key, secret };
    res.status(201).json(created);
  });

  router.delete('/:id', async (req, res) => {
    const current = await findOr404(db, resource, req.params.id);
    res.json(apiKeyToWire((await revokeApiKey(db, current.id)) ?? current));
  });
  return router;
}
