import {
  type PaymentMethod,
  type PaymentMethodUpdateRequest,
  paymentMethodBody,
  paymentMethodUpdateBody,
} from '@paydesk/contract';
import { isSecretPreference, type PaymentMethodType } from '@paydesk/domain';
import { Router } from 'express';

import type { Db } from '../db/database.ts';
import type { PaymentMethodRow } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { addReadRoutes, findOr404 } from '../http/read-routes.ts';
import { parseInput } from '../http/validate.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { stripePreferencesProblem } from '../gateways/stripe.gateway.ts';
import { MASKED, preferencesToWire, sealPreferences, secretChanges } from './method-secrets.ts';
import {
  deletePaymentMethod,
  findPaymentMethod,
  insertPaymentMethod,
  listPaymentMethods,
  paymentMethodHasPayments,
  paymentMethodListSpec,
  updatePaymentMethod,
  type PaymentMethodInput,
} from './payment-methods.repository.ts';

/** A method as the API shows it: its secrets as `{configured: true, hint}`, never their values. */
export function paymentMethodToWire(row: PaymentMethodRow): PaymentMethod {
  return {
    id: row.id,
    type: row.type as PaymentMethodType,
    name: row.name,
    description: row.description,
    active: row.active,
    available_to_users: row.available_to_users,
    available_to_admin: row.available_to_admin,
    auto_capture: row.auto_capture,
    preferences: preferencesToWire(row.preferences),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/**
 * A secret is never shown again once saved, so a mistyped one is refused now, while it can still be seen: for
 * a stripe method, each secret given is checked as the adapter will read it (sk_… / rk_…, whsec_…).
 */
function checkGivenSecrets(type: string, preferences: Record<string, unknown> | undefined): void {
  if (type !== 'stripe' || !preferences) return;
  const given = Object.entries(preferences).filter(
    ([name, value]) => isSecretPreference(name) && typeof value === 'string' && value !== '' && value !== MASKED,
  );
  if (given.length === 0) return;
  const problems = stripePreferencesProblem({ secret_key: 'sk_test_unchanged', ...Object.fromEntries(given) }) ?? {};
  const mine = Object.entries(problems).filter(([name]) => given.some(([givenName]) => givenName === name));
  if (mine.length > 0)
    throw new AppError(
      'InvalidArgument',
      Object.fromEntries(mine.map(([name, problem]) => [`preferences.${name}`, problem])),
    );
}

/**
 * PUT: preferences left out are kept; given, they replace the stored ones, except secrets, which are kept
 * until replaced (text) or removed (null) — see sealPreferences.
 */
function updatedInput(
  box: SecretBox,
  input: PaymentMethodUpdateRequest,
  current: PaymentMethodRow,
): PaymentMethodInput {
  const stored = current.preferences ?? {};
  return { ...input, preferences: input.preferences ? sealPreferences(box, input.preferences, stored) : stored };
}

export function paymentMethodsRouter(db: Db, secrets: SecretBox): Router {
  const router = Router();
  const resource = {
    spec: paymentMethodListSpec,
    noun: 'payment method',
    list: listPaymentMethods,
    find: findPaymentMethod,
    toWire: paymentMethodToWire,
  };
  addReadRoutes(router, db, resource);

  router.post('/', async (req, res) => {
    const input = parseInput(paymentMethodBody, req.body);
    checkGivenSecrets(input.type, input.preferences);
    input.preferences = sealPreferences(secrets, input.preferences);
    const created = await insertPaymentMethod(db, input);
    const note = secretChanges({}, created.preferences ?? {});
    if (note) res.locals.auditNote = note;
    res.status(201).json(paymentMethodToWire(created));
  });

  router.put('/:id', async (req, res) => {
    const current = await findOr404(db, resource, req.params.id);
    const parsed = parseInput(paymentMethodUpdateBody, req.body);
    checkGivenSecrets(parsed.type, parsed.preferences);
    const input = updatedInput(secrets, parsed, current);
    if (input.type !== current.type && (await paymentMethodHasPayments(db, current.id))) {
      throw new AppError('InvalidState', { type: 'A payment method with payments keeps its type.' });
    }
    const updated = await updatePaymentMethod(db, current.id, input);
    const note = updated ? secretChanges(current.preferences ?? {}, updated.preferences ?? {}) : null;
    if (note) res.locals.auditNote = note;
    res.json(paymentMethodToWire(updated ?? current));
  });

  router.delete('/:id', async (req, res) => {
    const current = await findOr404(db, resource, req.params.id);
    if (await paymentMethodHasPayments(db, current.id)) {
      throw new AppError(
        'InvalidState',
        'This payment method has payments, so it is never deleted. Deactivate it instead.',
      );
    }
    res.json(paymentMethodToWire((await deletePaymentMethod(db, current.id)) ?? current));
  });
  return router;
}
