import PolicyIcon from '@mui/icons-material/Policy';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useId, type ReactNode } from 'react';
import { Button, useDataProvider, useTranslate } from 'react-admin';
import { useFormatDuration } from '../capture-queue/duration.ts';
import type { PaydeskDataProvider } from '../dataProvider.ts';
import type { FraudQueueHealth } from '../types.ts';

/** The card asks for the queue's health this often. */
export const QUEUE_HEALTH_POLL_MS = 30_000;

/** Starts with the resource's name, so a decision's refresh (refreshPaymentData) renews the card too. */
export const QUEUE_HEALTH_QUERY_KEY = ['fraud-reviews', 'health'] as const;

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });

/**
 * The fraud review queue at a glance, for the dashboard: open reviews, how long the oldest has waited against
 * the SLA (red once over), decisions today, and the share accepted over 7 days. Self-contained: it asks
 * `GET /api/fraud-reviews/health` itself, every 30 seconds.
 */
export const QueueHealthCard = () => {
  const dataProvider = useDataProvider<PaydeskDataProvider>();
  const translate = useTranslate();
  const format = useFormatDuration();
  const { data, error, isPending } = useQuery<FraudQueueHealth>({
    queryKey: QUEUE_HEALTH_QUERY_KEY,
    queryFn: () => dataProvider.getFraudQueueHealth(),
    refetchInterval: QUEUE_HEALTH_POLL_MS,
    // The next poll is the retry; meanwhile the last figures stay on screen.
    retry: false,
  });

  const sla = data ? format(data.sla_seconds * 1000) : '';
  const value = (render: (health: FraudQueueHealth) => ReactNode) =>
    isPending ? <Skeleton width={56} /> : data ? render(data) : '—';

  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid="fraud-queue-health">
      <CardContent>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', mb: 2 }}>
          <PolicyIcon fontSize="large" color="action" />
          <Box sx={{ flex: 1 }}>
            <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
              {translate('paydesk.fraud_health.title')}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {translate('paydesk.fraud_health.description')}
            </Typography>
          </Box>
          <Button to="/fraud-reviews" label="paydesk.fraud_health.open_queue" />
        </Box>
        {error && !data ? (
          <Typography variant="body2" color="error" role="alert">
            {translate('paydesk.fraud_health.error')}
          </Typography>
        ) : (
          <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr 1fr', sm: 'repeat(4, 1fr)' }, gap: 2 }}>
            <Figure label={translate('paydesk.fraud_health.open')}>{value((health) => String(health.open))}</Figure>
            <Figure
              label={translate('paydesk.fraud_health.oldest')}
              alarming={Boolean(data?.sla_breached)}
              detail={
                data && data.oldest_age_seconds !== null ? (
                  <Chip
                    size="small"
                    color={data.sla_breached ? 'error' : 'success'}
                    variant={data.sla_breached ? 'filled' : 'outlined'}
                    label={translate(
                      data.sla_breached ? 'paydesk.fraud_health.sla_breached' : 'paydesk.fraud_health.sla_ok',
                      { sla },
                    )}
                    data-sla={data.sla_breached ? 'breached' : 'ok'}
                  />
                ) : data ? (
                  translate('paydesk.fraud_health.sla', { sla })
                ) : null
              }
            >
              {value((health) => (health.oldest_age_seconds === null ? '—' : format(health.oldest_age_seconds * 1000)))}
            </Figure>
            <Figure label={translate('paydesk.fraud_health.decisions_today')}>
              {value((health) => String(health.decisions_today))}
            </Figure>
            <Figure
              label={translate('paydesk.fraud_health.accept_rate')}
              detail={
                data
                  ? data.accept_rate_7d === null
                    ? translate('paydesk.fraud_health.no_decisions_7d')
                    : translate('paydesk.fraud_health.of_decisions', { smart_count: data.decisions_7d })
                  : null
              }
            >
              {value((health) => (health.accept_rate_7d === null ? '—' : percent.format(health.accept_rate_7d)))}
            </Figure>
          </Box>
        )}
      </CardContent>
    </Card>
  );
};

/** One labelled figure; `role="group"` named by its label, so it reads (and tests find it) as a unit. */
const Figure = ({
  label,
  children,
  detail,
  alarming = false,
}: {
  label: string;
  children: ReactNode;
  detail?: ReactNode;
  alarming?: boolean;
}) => {
  const labelId = useId();
  return (
    <Box role="group" aria-labelledby={labelId}>
      <Typography id={labelId} variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="h5" component="p" color={alarming ? 'error' : 'text.primary'} data-testid="figure">
        {children}
      </Typography>
      {detail ? (
        <Box sx={{ mt: 0.5 }}>
          {typeof detail === 'string' ? (
            <Typography variant="caption" color="text.secondary">
              {detail}
            </Typography>
          ) : (
            detail
          )}
        </Box>
      ) : null}
    </Box>
  );
};

export default QueueHealthCard;
