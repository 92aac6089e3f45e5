import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import { LinkBase, useTranslate } from 'react-admin';
import { paymentsListPath, signalNow, type SpikeAlert } from './api.ts';
import { formatRate, formatTime } from './format.ts';
import { useSpikeAlert } from './useMonitoring.ts';

/** The signals that are spikes now, by name: "Technical failures, Capture failures". */
export function spikingSignals(alert: SpikeAlert, translate: ReturnType<typeof useTranslate>): string {
  return alert.spiking.map((signal) => translate(`paydesk.monitoring.signal.${signal}`)).join(', ');
}

/** The banner's sentence about the first spiking signal: the window, the rate, the baseline and the count. */
export function spikeSummary(alert: SpikeAlert, translate: ReturnType<typeof useTranslate>): string {
  const now = signalNow(alert);
  return translate('paydesk.monitoring.banner.text', {
    signal: translate(`paydesk.monitoring.signal.${alert.signal}`),
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
 * happened, and a link to exactly the failing payments of the window.
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
