import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import { LinkBase, useTranslate } from 'react-admin';
import { paymentsListPath, signalNow, type Signal, type SpikeAlert } from './api.ts';
import { formatRate, formatTime } from './format.ts';
import { useSpikeAlert } from './useMonitoring.ts';

type Translate = ReturnType<typeof useTranslate>;

/** A signal's name, with the payment method of a method's own: "Technical failures of Carrier billing". */
export function signalName(translate: Translate, signal: Signal, methodName: string | null): string {
  const name = translate(`paydesk.monitoring.signal.${signal}`);
  return methodName === null
    ? name
    : translate('paydesk.monitoring.banner.of_method', { signal: name, method: methodName });
}

/** The signals that are spikes now, by name: "Technical failures, Capture failures of Carrier billing". */
export function spikingSignals(alert: SpikeAlert, translate: Translate): string {
  return alert.spikes.map((s) => signalName(translate, s.signal, s.payment_method_name)).join(', ');
}

/** The banner's sentence about the first spike: the signal (and method), window, rate, baseline and count. */
export function spikeSummary(alert: SpikeAlert, translate: Translate): string {
  const now = signalNow(alert);
  return translate('paydesk.monitoring.banner.text', {
    signal: signalName(translate, alert.signal, alert.payment_method_name),
    failures: now?.failures ?? alert.failures,
    attempts: now?.attempts ?? alert.attempts,
    minutes: alert.window.minutes,
    from: formatTime(alert.window.from),
    to: formatTime(alert.window.to),
    rate: formatRate(now?.rate ?? alert.rate),
    baseline: formatRate(now?.baseline.rate),
    days: alert.baseline.days,
  });
}

/**
 * On every page while a failed-order spike is on (GET /api/monitoring/alerts, every 30 seconds): what
 * happened — over every payment method, or one method's own, named — and a link to exactly the failing
 * payments of the window.
 */
export const SpikeAlertBanner = () => {
  const translate = useTranslate();
  const { data: alert } = useSpikeAlert();
  if (!alert?.spike) return null;
  return (
    <Alert
      severity="error"
      variant="filled"
      sx={{ mt: 1, mb: 1, alignItems: 'center' }}
      action={
        <Button
          component={LinkBase}
          to={paymentsListPath(alert.filter)}
          color="inherit"
          variant="outlined"
          size="small"
          sx={{ whiteSpace: 'nowrap' }}
        >
          {translate('paydesk.monitoring.banner.link', { smart_count: alert.failed_payments })}
        </Button>
      }
    >
      <AlertTitle sx={{ mb: 0 }}>
        {translate('paydesk.monitoring.banner.title', { signals: spikingSignals(alert, translate) })}
      </AlertTitle>
      {spikeSummary(alert, translate)}
    </Alert>
  );
};
