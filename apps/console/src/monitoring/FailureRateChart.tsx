import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { useTranslate } from 'react-admin';
import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import type { FailureSeries } from './api.ts';
import { chartPoints, spikeAreas, windowMinutes, type ChartPoint } from './chartData.ts';
import { formatAxisTime, formatBucket } from './format.ts';

/** The legend in reading order: the rate first, then what it is compared with, then the counts. */
const LEGEND_ORDER = ['windowRate', 'band', 'baseline', 'threshold', 'failures', 'attempts'];

const formatPercent = (value: unknown) => (typeof value === 'number' ? `${value}%` : '—');

const BucketTooltip = ({ active, payload }: TooltipContentProps) => {
  const translate = useTranslate();
  const point = active ? (payload?.[0]?.payload as ChartPoint | undefined) : undefined;
  if (!point) return null;
  return (
    <Paper elevation={3} sx={{ p: 1.5, fontSize: '0.8125rem' }}>
      <Typography variant="subtitle2" component="p">
        {formatBucket(point.t, point.end)}
      </Typography>
      <div>
        {translate('paydesk.monitoring.chart.tooltip_counts', { failures: point.failures, attempts: point.attempts })} (
        {formatPercent(point.rate)})
      </div>
      <div>
        {translate('paydesk.monitoring.chart.tooltip_window')}: {formatPercent(point.windowRate)}
        {point.band
          ? ` (${translate('paydesk.monitoring.chart.tooltip_band', {
              low: formatPercent(point.band[0]),
              high: formatPercent(point.band[1]),
            })})`
          : null}
      </div>
      <div>
        {translate('paydesk.monitoring.chart.baseline')}: {formatPercent(point.baseline)} ·{' '}
        {translate('paydesk.monitoring.chart.threshold')}: {formatPercent(point.threshold)}
      </div>
      {point.spike ? (
        <Typography variant="body2" color="error" sx={{ fontWeight: 600 }}>
          {translate('paydesk.monitoring.chart.spike')}
        </Typography>
      ) : null}
    </Paper>
  );
};

/**
 * The failure rate over time with its 95 % band (wide where few attempts were made: at low volume a rate
 * of 0 % or 100 % says little) and its baseline beside it, attempts and failures per bucket underneath,
 * spikes shaded. recharts is loaded with this file only (React.lazy from the dashboard).
 */
export const FailureRateChart = ({ series, height = 320 }: { series: FailureSeries; height?: number }) => {
  const theme = useTheme();
  const translate = useTranslate();
  const points = chartPoints(series);
  const areas = spikeAreas(series);
  const tickFormatter = (value: number) => formatAxisTime(value, series.range);
  return (
    <Box sx={{ width: '100%', height }} role="img" aria-label={translate('paydesk.monitoring.chart.title')}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[Date.parse(series.from), points.at(-1)?.end ?? Date.parse(series.to)]}
            tickFormatter={tickFormatter}
            minTickGap={40}
          />
          <YAxis yAxisId="rate" tickFormatter={formatPercent} width={48} allowDecimals={false} />
          <YAxis yAxisId="count" orientation="right" width={40} allowDecimals={false} />
          <Tooltip content={BucketTooltip} />
          <Legend verticalAlign="top" height={28} itemSorter={(item) => LEGEND_ORDER.indexOf(String(item.dataKey))} />
          {areas.map((area) => (
            <ReferenceArea
              key={area.x1}
              yAxisId="rate"
              x1={area.x1}
              x2={area.x2}
              fill={theme.palette.error.main}
              fillOpacity={0.12}
              ifOverflow="extendDomain"
            />
          ))}
          <Area
            yAxisId="count"
            dataKey="attempts"
            name={translate('paydesk.monitoring.chart.attempts')}
            type="stepAfter"
            stroke={theme.palette.grey[400]}
            fill={theme.palette.grey[300]}
            fillOpacity={0.5}
            isAnimationActive={false}
          />
          <Bar
            yAxisId="count"
            dataKey="failures"
            name={translate('paydesk.monitoring.chart.failures')}
            fill={theme.palette.error.light}
            isAnimationActive={false}
          />
          <Line
            yAxisId="rate"
            dataKey="baseline"
            name={translate('paydesk.monitoring.chart.baseline')}
            stroke={theme.palette.text.secondary}
            strokeDasharray="6 4"
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
          <Area
            yAxisId="rate"
            dataKey="band"
            name={translate('paydesk.monitoring.chart.band')}
            stroke="none"
            fill={theme.palette.error.main}
            fillOpacity={0.18}
            connectNulls={false}
            isAnimationActive={false}
          />
          <Line
            yAxisId="rate"
            dataKey="threshold"
            name={translate('paydesk.monitoring.chart.threshold')}
            stroke={theme.palette.warning.main}
            strokeDasharray="2 3"
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            yAxisId="rate"
            dataKey="windowRate"
            name={translate('paydesk.monitoring.chart.rate', { minutes: windowMinutes(series) })}
            stroke={theme.palette.error.dark}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </Box>
  );
};

export default FailureRateChart;
