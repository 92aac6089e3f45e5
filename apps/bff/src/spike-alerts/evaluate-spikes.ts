import type { Db } from '../db/database.ts';
import { paymentMethodNames } from '../monitoring/monitoring.repository.ts';
import { ALERTING_SIGNALS, type Signal } from '../monitoring/signals.ts';
import { spikeNow, type SignalNow } from '../monitoring/spike-now.ts';
import { getSetting } from '../settings/settings.repository.ts';
import { alertBody } from './alert-body.ts';
import { enqueueAlertDeliveries, openEpisode, openEpisodes, resolveEpisode } from './spike-alerts.repository.ts';

/** A signal over every payment method (`technical`) or one method's own (`technical@3`). */
export type ScopedSignal = Signal | `${Signal}@${number}`;

export interface Transitions {
  started: ScopedSignal[];
  resolved: ScopedSignal[];
}

const scoped = (signal: Signal, paymentMethodId: number | null): ScopedSignal =>
  paymentMethodId === null ? signal : `${signal}@${paymentMethodId}`;

/**
 * Judges every alerting signal now, over every payment method together and over each method on its own
 * (spikeNow, at the shared significance), and records what changed: a spike that started opens an episode
 * of its signal and method, one that is over closes it, and each change queues a delivery to every
 * alert_webhook_urls URL in the same transaction. Any number of instances may run it at once: the episode
 * table lets one of them record each change, and only that one queues its deliveries. An open episode of a
 * method that is no longer judged on its own (it has no counts left in the lookback, or is the only one)
 * resolves.
 */
export async function evaluateSpikeAlerts(db: Db, now = new Date()): Promise<Transitions> {
  const [current, urls, open] = await Promise.all([
    spikeNow(db, now),
    getSetting(db, 'alert_webhook_urls'),
    openEpisodes(db),
  ]);
  const key = (signal: string, paymentMethodId: number | null) => `${signal}@${paymentMethodId ?? ''}`;
  const openByKey = new Map(open.map((episode) => [key(episode.signal, episode.payment_method_id), episode]));
  const judgedNow: SignalNow[] = [];
  for (const signal of ALERTING_SIGNALS) judgedNow.push(current.signals[signal]);
  for (const id of current.methodIds) {
    for (const signal of ALERTING_SIGNALS) judgedNow.push(current.methods.get(id)![signal]);
  }
  const methodIds = new Set<number>(current.methodIds);
  for (const episode of open) if (episode.payment_method_id !== null) methodIds.add(episode.payment_method_id);
  const names = await paymentMethodNames(db, [...methodIds]);

  const transitions: Transitions = { started: [], resolved: [] };
  const context = (entry: SignalNow) => ({
    signal: entry.signal,
    paymentMethod:
      entry.paymentMethodId === null
        ? null
        : { id: entry.paymentMethodId, name: names.get(entry.paymentMethodId)?.name ?? `#${entry.paymentMethodId}` },
    windowFrom: entry.windowFrom,
    now,
    windowMinutes: current.rule.windowMinutes,
    verdict: entry.verdict,
  });
  const seen = new Set<string>();
  for (const entry of judgedNow) {
    const episodeKey = key(entry.signal, entry.paymentMethodId);
    seen.add(episodeKey);
    const episode = openByKey.get(episodeKey);
    if (entry.verdict.spike && !episode) {
      await db.transaction().execute(async (tx) => {
        const draft = alertBody({
          ...context(entry),
          event: 'spike.started',
          episodeId: 0,
          startedAt: now,
          resolvedAt: null,
        });
        const opened = await openEpisode(tx, entry.signal, entry.paymentMethodId, now, draft);
        if (!opened) return;
        const body = { ...draft, episode_id: opened.id };
        await enqueueAlertDeliveries(tx, opened.id, 'spike.started', urls, body);
        transitions.started.push(scoped(entry.signal, entry.paymentMethodId));
      });
    } else if (!entry.verdict.spike && episode) {
      await resolve(entry, episode);
    }
  }
  // Episodes of a method no longer judged on its own are over; the method has no numbers of its own now,
  // so their resolved body carries the overall signal's.
  for (const episode of open) {
    if (seen.has(key(episode.signal, episode.payment_method_id))) continue;
    const overall = current.signals[episode.signal];
    if (!overall) continue;
    await resolve({ ...overall, paymentMethodId: episode.payment_method_id }, episode);
  }
  return transitions;

  async function resolve(entry: SignalNow, episode: (typeof open)[number]) {
    await db.transaction().execute(async (tx) => {
      const body = alertBody({
        ...context(entry),
        event: 'spike.resolved',
        episodeId: episode.id,
        startedAt: episode.started_at,
        resolvedAt: now,
      });
      const closed = await resolveEpisode(tx, episode.id, now, body);
      if (!closed) return;
      await enqueueAlertDeliveries(tx, episode.id, 'spike.resolved', urls, body);
      transitions.resolved.push(scoped(entry.signal, entry.paymentMethodId));
    });
  }
}
