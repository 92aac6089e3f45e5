import { AMOUNT_PATTERN } from '@paydesk/contract/rules';
import { z } from 'zod';

/**
 * An IANA zone name ("Europe/Berlin", "UTC") that Intl knows. Offsets ("+01:00") and abbreviations are refused:
 * PostgreSQL reads a bare offset the POSIX way, with its sign reversed.
 */
export function isTimeZoneName(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Every setting Paydesk knows, with its default and what a valid value is. */
export const SETTINGS = {
  store_default_auto_capture: {
    description: 'Whether payment methods set to "Store default" capture at once (true) or only authorize (false).',
    schema: z.boolean(),
    default: false,
  },
  refund_approval_thresholds: {
    description:
      'Two-person approval: a refund that takes a payment’s refunds together above the amount set for its currency waits until a second finance or admin member approves it. It fails closed: in a currency not listed, every refund waits.',
    schema: z.record(
      z.string().regex(/^[A-Z]{3}$/, 'Use ISO currency codes, such as "USD".'),
      z.string().regex(AMOUNT_PATTERN, 'Use decimal amounts as strings, such as "1000.00".'),
    ),
    default: { USD: '1000.00', EUR: '1000.00', GBP: '800.00', JPY: '150000' } as Record<string, string>,
  },
  shop_time_zone: {
    description:
      'The shop’s time zone (an IANA name such as "Europe/Berlin"): where its day begins and ends, for the dashboard’s money of the day.',
    schema: z.string().max(64).refine(isTimeZoneName, 'Use an IANA time zone name, such as "Europe/Berlin" or "UTC".'),
    default: 'UTC' as string,
  },
  fraud_claim_ttl_minutes: {
    description: 'How long an analyst keeps a fraud review they claimed, in minutes.',
    schema: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    default: 15,
  },
  fraud_review_sla_hours: {
    description: 'How long a payment may wait in the fraud review queue before it is overdue, in hours.',
    schema: z
      .number()
      .min(0.25)
      .max(24 * 7),
    default: 4,
  },
  spike_window_minutes: {
    description:
      'Failed-order spikes: the longest window whose failure rate is compared with the baseline, in minutes; every shorter window of whole 5 minutes that ends at the same moment is judged too.',
    schema: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    default: 15,
  },
  spike_significance: {
    description:
      'Failed-order spikes: the false alarms a 5-minute step of normal traffic may make on average, every signal and window together (× 2,016 steps: a week’s; smaller is stricter). Each window’s one-sided binomial test is judged at the significance calibrated on the week before so that its tests, at their exact sizes, keep to it.',
    schema: z.number().min(1e-9).max(0.1),
    default: 0.0004,
  },
  spike_min_effect: {
    description:
      'Failed-order spikes: how far above the baseline the window’s failure rate must be to count, as a ratio (0.05 = 5 percentage points).',
    schema: z.number().min(0).max(0.9),
    default: 0.05,
  },
  spike_factor: {
    description: 'Failed-order spikes: the window’s failure rate must also reach this many times the baseline rate.',
    schema: z.number().min(1).max(100),
    default: 1.5,
  },
  spike_baseline_days: {
    description: 'Failed-order spikes: the days before the window whose failure rate is the baseline.',
    schema: z.number().int().min(1).max(90),
    default: 7,
  },
  spike_baseline_weeks: {
    description:
      'Failed-order spikes: 0 for the plain baseline; N to take instead the same hours (±1 hour) of the N weeks before, following the time of day and the day of the week.',
    schema: z.number().int().min(0).max(8),
    default: 0,
  },
  alert_webhook_urls: {
    description:
      'Spike alerts: URLs that receive spike.started and spike.resolved, signed like transaction callbacks (the body also works as a Slack incoming-webhook message).',
    schema: z
      .array(z.string().url('Use http(s) URLs.').max(2000))
      .max(10)
      .refine((urls) => urls.every((url) => /^https?:\/\//.test(url)), 'Use http(s) URLs.'),
    default: [] as string[],
  },
  callbacks_allow_private_addresses: {
    description:
      'Allow transaction callbacks to loopback and private addresses (for local development and tests only).',
    schema: z.boolean(),
    default: false,
  },
  store_default_payment_method_for_cards: {
    description:
      'The payment method that processes CARD transactions from the intake API (null: the first active card method).',
    schema: z.number().int().positive().nullable(),
    default: null as number | null,
  },
  demo_staff: {
    description: 'The demo staff accounts exist, and the login page shows them.',
    schema: z.boolean(),
    default: false,
    readOnly: true,
  },
} as const satisfies Record<string, { description: string; schema: z.ZodType; default: unknown; readOnly?: boolean }>;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTINGS)[K]['schema']>;

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}
