import RefreshIcon from '@mui/icons-material/Refresh';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Skeleton from '@mui/material/Skeleton';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { lazy, Suspense, useState } from 'react';
import { useGetList, useTranslate } from 'react-admin';
import type { MonitoringRange, Signal, SignalNow } from '../monitoring/api.ts';
import { paymentsListPath, SIGNALS, signalNow } from '../monitoring/api.ts';
import { windowMinutes } from '../monitoring/chartData.ts';
import { formatRate, formatTime } from '../monitoring/format.ts';
import { REFRESH_MS, useFailureSeries, useSpikeAlert } from '../monitoring/useMonitoring.ts';
import type { PaymentMethod } from '../types.ts';
import { MessageBreakdown, MethodBreakdown } from './BreakdownTables.tsx';
import { listPath } from './DashboardCard.tsx';
import { StatCard } from './StatCard.tsx';

/**
 * The chart library comes with the chart, only when the dashboard is opened; its download starts with this
 * module's, not once the first series has arrived.
 */
const chartModule = import('../monitoring/FailureRateChart.tsx');
const FailureRateChart = lazy(() => chartModule);

const RANGES: MonitoringRange[] = ['24h', '7d', '30d'];
const ALL_METHODS = 'all';

const grid = {
  display: 'grid',
  gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr', lg: 'repeat(4, 1fr)' },
  gap: 2,
} as const;

/** "Spike", "Normal" or "No attempts": the rule's verdict on the current window of a signal. */
const VerdictChip = ({ now }: { now: SignalNow }) => {
  const translate = useTranslate();
  if (now.spike)
    return <Chip component="span" size="small" color="error" label={translate('paydesk.monitoring.verdict.spike')} />;
  if (now.reason === 'no_attempts')
    return <Chip component="span" size="small" label={translate('paydesk.monitoring.verdict.no_attempts')} />;
  return (
    <Chip
      component="span"
      size="small"
      color="success"
      variant="outlined"
      label={translate('paydesk.monitoring.verdict.normal')}
    />
  );
};

/**
 * Failed-order spike monitoring: the current window against its baseline, the failure rate over the range
 * with spikes marked, failed orders, and what is failing now (by payment method and gateway message).
 * Refreshes by itself every 30 seconds and says when it last did.
 */
export const FailureMonitor = () => {
  const translate = useTranslate();
  const [range, setRange] = useState<MonitoringRange>('24h');
  const [method, setMethod] = useState<string>(ALL_METHODS);
  const [signal, setSignal] = useState<Signal>('failures');
  const methodId = method === ALL_METHODS ? undefined : Number(method);
  const alertQuery = useSpikeAlert(signal);
  const seriesQuery = useFailureSeries(range, methodId, signal);
  const { data: methods } = useGetList<PaymentMethod>('payment-methods', {
    pagination: { page: 1, perPage: 100 },
    sort: { field: 'name', order: 'ASC' },
  });
  const alert = alertQuery.data;
  const now = alert ? signalNow(alert, signal, null) : undefined;
  const series = seriesQuery.data;
  const updatedAt = Math.max(alertQuery.dataUpdatedAt, seriesQuery.dataUpdatedAt);
  const refreshing = alertQuery.isFetching || seriesQuery.isFetching;
  const error = alertQuery.error ?? seriesQuery.error;
  const rangeLabel = translate(`paydesk.monitoring.range_in_text.${range}`);

  return (
    <Box
      component="section"
      aria-labelledby="failure-monitor-title"
      sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}
    >
      <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 2 }}>
        <Typography variant="h6" component="h2" id="failure-monitor-title" sx={{ mr: 'auto' }}>
          {translate('paydesk.monitoring.title')}
        </Typography>
        <Typography variant="body2" color="text.secondary" role="status" aria-live="polite">
          {updatedAt
            ? translate('paydesk.monitoring.updated', {
                time: formatTime(new Date(updatedAt).toISOString(), { seconds: true }),
                seconds: REFRESH_MS / 1000,
              })
            : translate('paydesk.monitoring.loading')}
        </Typography>
        <Tooltip title={translate('paydesk.monitoring.refresh')}>
          <span>
            <IconButton
              aria-label={translate('paydesk.monitoring.refresh')}
              size="small"
              disabled={refreshing}
              onClick={() => {
                void alertQuery.refetch();
                void seriesQuery.refetch();
              }}
            >
              <RefreshIcon fontSize="small" />
            </IconButton>
          </span>
        </Tooltip>
      </Box>

      {error ? (
        <Alert severity="warning">
          {translate('paydesk.monitoring.error', { message: error instanceof Error ? error.message : String(error) })}
        </Alert>
      ) : null}

      <ToggleButtonGroup
        size="small"
        exclusive
        value={signal}
        onChange={(_event, value: Signal | null) => value && setSignal(value)}
        aria-label={translate('paydesk.monitoring.signal.label')}
        sx={{ flexWrap: 'wrap' }}
      >
        {SIGNALS.map((name) => {
          // A spike of every method or of one method's own.
          const spiking = alert
            ? signalNow(alert, name, null)?.spike === true || alert.spikes.some((s) => s.signal === name)
            : false;
          return (
            <ToggleButton key={name} value={name} color={spiking ? 'error' : 'standard'} data-spike={spiking}>
              {translate(`paydesk.monitoring.signal.${name}`)}
              {spiking ? ` · ${translate('paydesk.monitoring.verdict.spike')}` : ''}
            </ToggleButton>
          );
        })}
      </ToggleButtonGroup>

      <Box sx={grid}>
        <StatCard
          title={translate('paydesk.monitoring.now.title', { minutes: alert?.window.minutes ?? 15 })}
          label={translate('paydesk.monitoring.now.label')}
          loading={!now}
          color={now?.spike ? 'error' : 'text.primary'}
          value={
            now ? (
              <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1 }}>
                {formatRate(now.rate)} <VerdictChip now={now} />
              </Box>
            ) : null
          }
          detail={
            alert && now
              ? translate('paydesk.monitoring.now.detail', {
                  failures: now.failures,
                  attempts: now.attempts,
                  low: formatRate(now.band?.low),
                  high: formatRate(now.band?.high),
                  baseline: formatRate(now.baseline.rate),
                  days: alert.baseline.days,
                  threshold: formatRate(now.threshold_rate),
                })
              : null
          }
          to={alert && alert.failed_payments > 0 ? paymentsListPath(alert.filter) : undefined}
        />
        <StatCard
          title={translate('paydesk.monitoring.rate.title', { range: rangeLabel })}
          label={translate('paydesk.monitoring.rate.label')}
          loading={!series}
          value={series ? formatRate(series.totals.rate) : null}
          detail={
            series
              ? translate('paydesk.monitoring.rate.detail', {
                  failures: series.totals.failures.toLocaleString(),
                  attempts: series.totals.attempts.toLocaleString(),
                })
              : null
          }
        />
        <StatCard
          title={translate('paydesk.monitoring.spikes.title', { range: rangeLabel })}
          label={translate('paydesk.monitoring.spikes.label')}
          loading={!series}
          color={series?.spikes.length ? 'error' : 'text.primary'}
          value={series ? series.spikes.length : null}
          detail={
            series
              ? translate('paydesk.monitoring.spikes.detail', {
                  minutes: series.rule.window_minutes,
                  effect: formatRate(series.rule.min_effect),
                  factor: series.rule.factor,
                  significance: series.significance,
                })
              : null
          }
        />
        <StatCard
          title={translate('paydesk.monitoring.failed_orders.title')}
          label={translate('paydesk.monitoring.failed_orders.label')}
          loading={!alert}
          value={alert ? alert.failed_orders.toLocaleString() : null}
          detail={
            series && series.totals.failed_orders !== null
              ? translate('paydesk.monitoring.failed_orders.detail', {
                  smart_count: series.totals.failed_orders,
                  range: rangeLabel,
                })
              : null
          }
          to={listPath('orders', { payment_state: ['failed'] })}
        />
      </Box>

      <Card variant="outlined">
        <CardContent>
          <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 2, mb: 1 }}>
            <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, mr: 'auto' }}>
              {translate('paydesk.monitoring.chart.title')}
            </Typography>
            <TextField
              select
              size="small"
              label={translate('paydesk.monitoring.method')}
              value={method}
              onChange={(event) => setMethod(event.target.value)}
              fullWidth={false}
              sx={{ width: 220 }}
            >
              <MenuItem value={ALL_METHODS}>{translate('paydesk.monitoring.all_methods')}</MenuItem>
              {(methods ?? []).map((m) => (
                <MenuItem key={m.id} value={String(m.id)}>
                  {m.name}
                </MenuItem>
              ))}
            </TextField>
            <ToggleButtonGroup
              size="small"
              exclusive
              value={range}
              onChange={(_event, value: MonitoringRange | null) => value && setRange(value)}
              aria-label={translate('paydesk.monitoring.range.label')}
            >
              {RANGES.map((r) => (
                <ToggleButton key={r} value={r}>
                  {translate(`paydesk.monitoring.range.${r}`)}
                </ToggleButton>
              ))}
            </ToggleButtonGroup>
          </Box>
          <Suspense fallback={<Skeleton variant="rectangular" height={320} />}>
            {series ? <FailureRateChart series={series} /> : <Skeleton variant="rectangular" height={320} />}
          </Suspense>
          {series ? (
            <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 1 }}>
              {translate('paydesk.monitoring.chart.caption', {
                bucket: translate(`paydesk.monitoring.bucket.${series.bucket}`),
                window: windowMinutes(series),
                days: series.rule.baseline_days,
              })}
            </Typography>
          ) : null}
        </CardContent>
      </Card>

      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' }, gap: 2 }}>
        {alert ? (
          <>
            <MethodBreakdown alert={alert} />
            <MessageBreakdown alert={alert} />
          </>
        ) : (
          <>
            <Skeleton variant="rounded" height={160} />
            <Skeleton variant="rounded" height={160} />
          </>
        )}
      </Box>
    </Box>
  );
};

export default FailureMonitor;
