import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import { Empty } from '../common/Empty.tsx';
import type { PaydeskDataProvider, TimelineEntry } from '../dataProvider.ts';
import { formatMoney } from '../money/MoneyField.tsx';
import type { Payment } from '../types.ts';

const OUTCOME_COLOR: Record<string, 'success' | 'warning' | 'error' | 'default'> = {
  succeeded: 'success',
  refused: 'warning',
  denied: 'error',
  failed: 'error',
};

function Line({ entry }: { entry: TimelineEntry }) {
  const translate = useTranslate();
  const audit = entry.kind === 'audit';
  const outcome = audit
    ? entry.outcome
    : translate(entry.success ? 'paydesk.payment.timeline.succeeded' : 'paydesk.payment.timeline.failed');
  const color = audit ? (OUTCOME_COLOR[entry.outcome] ?? 'default') : entry.success ? 'success' : 'error';
  const who = audit
    ? (entry.staff_name ?? translate('paydesk.payment.timeline.system'))
    : translate('paydesk.payment.timeline.gateway');
  const detail = audit
    ? [entry.reason, entry.note].filter(Boolean).join(' · ')
    : [entry.message, entry.error_code].filter(Boolean).join(' · ');
  return (
    <Stack
      direction="row"
      spacing={1.5}
      sx={{ alignItems: 'baseline', py: 0.75, borderBottom: 1, borderColor: 'divider', flexWrap: 'wrap' }}
    >
      <Typography variant="body2" color="text.secondary" sx={{ minWidth: 170, fontVariantNumeric: 'tabular-nums' }}>
        {new Date(entry.at).toLocaleString()}
      </Typography>
      <Chip
        size="small"
        variant="outlined"
        label={audit ? translate('paydesk.payment.timeline.staff') : translate('paydesk.payment.timeline.gateway')}
      />
      <Typography variant="body2" sx={{ minWidth: 150 }}>
        {who}
      </Typography>
      <Typography variant="body2" sx={{ fontFamily: 'monospace', minWidth: 170 }}>
        {entry.action}
      </Typography>
      <Chip size="small" color={color} label={outcome} />
      {entry.amount !== null && entry.currency ? (
        <Typography variant="body2" sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
          {formatMoney(entry.amount, entry.currency)}
        </Typography>
      ) : null}
      <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
        {detail}
      </Typography>
    </Stack>
  );
}

/** One timeline of a payment: staff commands (audit events) and gateway calls (log entries), newest first. */
export const PaymentTimeline = () => {
  const record = useRecordContext<Payment>();
  const dataProvider = useDataProvider<PaydeskDataProvider>();
  const { data } = useQuery({
    queryKey: ['payments', 'timeline', record?.id],
    queryFn: () => dataProvider.getPaymentTimeline(record!.id),
    enabled: record !== undefined,
  });
  if (!data) return null;
  if (data.length === 0) return <Empty message="paydesk.payment.timeline.empty" />;
  return (
    <Stack>
      {data.map((entry) => (
        <Line key={`${entry.kind}-${entry.id}`} entry={entry} />
      ))}
    </Stack>
  );
};
