import type { Db } from '../db/database.ts';
import { ALERTING_SIGNALS, type Signal } from '../monitoring/signals.ts';
import { spikeNow } from '../monitoring/spike-now.ts';
import { getSetting } from '../settings/settings.repository.ts';
import { alertBody } from './alert-body.ts';
import { enqueueAlertDeliveries, openEpisode, openEpisodes, resolveEpisode } from './spike-alerts.repository.ts';

export interface Transitions {
  started: Signal[];
  resolved: Signal[];
}

/**
 * Judges every alerting signal now and records what changed: a spike that started opens an episode, one
 * that is over closes it, and each change queues a delivery to every alert_webhook_urls URL in the same
 * transaction. Any number of instances may run it at once: the episode table lets one of them record each
 * change, and only that one queues its deliveries.
 */
export async function evaluateSpikeAlerts(db: Db, now = new Date()): Promise<Transitions> {
  const [current, urls, open] = await Promise.all([
    spikeNow(db, now),
    getSetting(db, 'alert_webhook_urls'),
    openEpisodes(db),
  ]);
  const openBySignal = new Map(open.map((episode) => [episode.signal, episode]));
  const transitions: Transitions = { started: [], resolved: [] };
  for (const signal of ALERTING_SIGNALS) {
    const { verdict, windowFrom } = current.signals[signal];
    const episode = openBySignal.get(signal);
    const context = { signal, windowFrom, now, windowMinutes: current.rule.windowMinutes, verdict };
    if (verdict.spike && !episode) {
      await db.transaction().execute(async (tx) => {
        const draft = alertBody({ ...context, event: 'spike.started', episodeId: 0, startedAt: now, resolvedAt: null });
        const opened = await openEpisode(tx, signal, now, draft);
        if (!opened) return;
        const body = { ...draft, episode_id: opened.id };
        await enqueueAlertDeliveries(tx, opened.id, 'spike.started', urls, body);
        transitions.started.push(signal);
      });
    } else if (!verdict.spike && episode) {
      await db.transaction().execute(async (tx) => {
        const body = alertBody({
          ...context,
          event: 'spike.resolved',
          episodeId: episode.id,
          startedAt: episode.started_at,
          resolvedAt: now,
        });
        const closed = await resolveEpisode(tx, episode.id, now, body);
        if (!closed) return;
        await enqueueAlertDeliveries(tx, episode.id, 'spike.resolved', urls, body);
        transitions.resolved.push(signal);
      });
    }
  }
  return transitions;
}
