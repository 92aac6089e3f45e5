import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import { LinkBase, useTranslate } from 'react-admin';
import { paymentsListPath, type SpikeAlert } from './api.ts';
import { formatRate, formatTime } from './format.ts';
import { useSpikeAlert } from './useMonitoring.ts';

/** The banner's sentence: the window, the rate, the baseline and the count (product.md's spike rule). */
export function spikeSummary(alert: SpikeAlert, translate: ReturnType<typeof useTranslate>): string {
  return translate('paydesk.monitoring.banner.text', {
    failures: alert.failures,
    attempts: alert.attempts,
    minutes: alert.window.minutes,
    from: formatTime(alert.window.from),
    to: formatTime(alert.window.to),
    rate: formatRate(alert.rate),
    baseline: formatRate(alert.baseline.rate),
    days: alert.baseline.days,
    factor: alert.factor,
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
      <AlertTitle sx={{ mb: 0 }}>{translate('paydesk.monitoring.banner.title')}</AlertTitle>
      {spikeSummary(alert, translate)}
    </Alert>
  );
};
