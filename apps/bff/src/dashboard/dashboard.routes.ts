import type { MoneyAtAGlance } from '@paydesk/contract';
import { formatAmount } from '@paydesk/domain';
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { parseInput } from '../http/validate.ts';
import { EXPIRING_SOON_HOURS } from '../payments/payments.repository.ts';
import { getSetting } from '../settings/settings.repository.ts';
import { capturedBetween, expiringWithin, type CurrencySum, refundedBetween, shopDay } from './dashboard.repository.ts';

const moneyQuery = z
  .object({
    day: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date as YYYY-MM-DD.')
      .refine((day) => {
        const date = new Date(`${day}T00:00:00Z`);
        return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day) && day >= '2000-01-01';
      }, 'Use a date as YYYY-MM-DD.')
      .optional(),
  })
  .strict();

/** What the capture queue filters by to show the expiring authorizations (the payments list's filter). */
export const EXPIRING_FILTER = { expiring_within: '24h' } as const;

/** One row per currency that moved or holds money, in the order of its code; amounts as decimal strings. */
function byCurrency(captured: CurrencySum[], refunded: CurrencySum[], expiring: CurrencySum[]) {
  const currencies = [...new Set([...captured, ...refunded, ...expiring].map((row) => row.currency))].sort();
  const find = (rows: CurrencySum[], currency: string) => rows.find((row) => row.currency === currency);
  const money = (row: CurrencySum | undefined, currency: string) => formatAmount(row?.amount ?? '0', currency);
  return currencies.map((currency) => {
    const [c, r, e] = [find(captured, currency), find(refunded, currency), find(expiring, currency)];
    return {
      currency,
      captured: money(c, currency),
      captured_count: c?.count ?? 0,
      refunded: money(r, currency),
      refunded_count: r?.count ?? 0,
      expiring: money(e, currency),
      expiring_count: e?.count ?? 0,
    };
  });
}

/**
 * `GET /api/dashboard/money[?day=YYYY-MM-DD]`: money at a glance, per currency — captured and refunded in the
 * shop's day (today unless `day` names another; the day of the `shop_time_zone` setting), and the authorizations
 * that lapse within the next 24 hours, with the capture queue's filter for them. Every role may read it.
 */
export function dashboardRouter(db: Db): Router {
  const router = Router();
  router.get('/money', async (req, res) => {
    const { day } = parseInput(moneyQuery, req.query);
    const timeZone = await getSetting(db, 'shop_time_zone');
    const span = await shopDay(db, timeZone, day ?? null);
    const [captured, refunded, expiring] = await Promise.all([
      capturedBetween(db, span.from, span.to),
      refundedBetween(db, span.from, span.to),
      expiringWithin(db, EXPIRING_SOON_HOURS),
    ]);
    const answer: MoneyAtAGlance = {
      time_zone: timeZone,
      day: span.day,
      from: span.from.toISOString(),
      to: span.to.toISOString(),
      expiring_hours: EXPIRING_SOON_HOURS,
      expiring_count: expiring.reduce((n, row) => n + row.count, 0),
      expiring_filter: EXPIRING_FILTER,
      currencies: byCurrency(captured, refunded, expiring),
    };
    res.json(answer);
  });
  return router;
}
