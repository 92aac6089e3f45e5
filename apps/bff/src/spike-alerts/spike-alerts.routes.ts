import type { AlertSigningSecret } from '@paydesk/contract';
import { Router } from 'express';
import { authorize } from '../auth/authorize.ts';
import type { Db } from '../db/database.ts';
import { addReadRoutes, findOr404 } from '../http/read-routes.ts';
import {
  alertDeliveryListSpec,
  alertSigningSecret,
  episodeListSpec,
  findAlertDelivery,
  findEpisode,
  listAlertAttempts,
  listAlertDeliveries,
  listEpisodes,
} from './spike-alerts.repository.ts';
import { alertAttemptToWire, alertDeliveryToWire, spikeEpisodeToWire } from '../monitoring/monitoring.wire.ts';

/**
 * Under /api/monitoring: the spike episodes (when each signal's spike started and resolved), the alert
 * deliveries each made with their attempts, and — for admins — the secret the alerts are signed with.
 */
export function spikeAlertsRouter(db: Db): Router {
  const router = Router();

  const episodes = Router();
  addReadRoutes(episodes, db, {
    spec: episodeListSpec,
    noun: 'spike episode',
    list: listEpisodes,
    find: findEpisode,
    toWire: spikeEpisodeToWire,
  });
  router.use('/spike-episodes', episodes);

  const deliveries = Router();
  deliveries.get('/:id/attempts', async (req, res) => {
    const delivery = await findOr404(db, { find: findAlertDelivery, noun: 'alert delivery' }, req.params.id);
    res.json((await listAlertAttempts(db, delivery.id)).map(alertAttemptToWire));
  });
  addReadRoutes(deliveries, db, {
    spec: alertDeliveryListSpec,
    noun: 'alert delivery',
    list: listAlertDeliveries,
    find: findAlertDelivery,
    toWire: alertDeliveryToWire,
  });
  router.use('/alert-deliveries', deliveries);

  // Receivers verify the signature with it: an admin's, as editing settings is.
  router.get('/alert-signing-secret', authorize(db, 'settings', 'edit'), async (_req, res) => {
    const body: AlertSigningSecret = { secret: await alertSigningSecret(db), header: 'Paydesk-Signature' };
    res.json(body);
  });
  return router;
}
