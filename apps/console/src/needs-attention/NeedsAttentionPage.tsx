import ApprovalIcon from '@mui/icons-material/Approval';
import CurrencyExchangeIcon from '@mui/icons-material/CurrencyExchange';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlined';
import GavelIcon from '@mui/icons-material/Gavel';
import HourglassBottomIcon from '@mui/icons-material/HourglassBottom';
import RefreshIcon from '@mui/icons-material/Refresh';
import WebhookIcon from '@mui/icons-material/Webhook';
import MarkEmailUnreadIcon from '@mui/icons-material/MarkEmailUnread';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import MuiButton from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActions from '@mui/material/CardActions';
import CardContent from '@mui/material/CardContent';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactElement } from 'react';
import { Button, LinkBase, Title, useTranslate } from 'react-admin';
import type { NeedsAttentionCounts } from '../types.ts';
import { ATTENTION_KINDS, ATTENTION_LINKS, totalOf, type AttentionKind } from './attention.ts';
import { useNeedsAttention } from './useNeedsAttention.ts';

const ICONS: Record<AttentionKind, ReactElement> = {
  payments_in_error: <ErrorOutlineIcon />,
  stuck_in_flight: <HourglassBottomIcon />,
  pending_refunds: <CurrencyExchangeIcon />,
  pending_approvals: <ApprovalIcon />,
  failing_callbacks: <WebhookIcon />,
  unapplied_answers: <MarkEmailUnreadIcon />,
  open_disputes: <GavelIcon />,
};

/** One count: what it is, what to do about it, and the list that holds it. */
const AttentionCard = ({
  kind,
  counts,
  loading,
}: {
  kind: AttentionKind;
  counts?: NeedsAttentionCounts;
  loading: boolean;
}) => {
  const translate = useTranslate();
  const count = counts?.[kind] ?? 0;
  const titleId = `needs-attention-${kind}`;
  return (
    <Card
      variant="outlined"
      sx={{ height: '100%', display: 'flex', flexDirection: 'column' }}
      aria-labelledby={titleId}
      component="section"
    >
      <CardContent sx={{ flex: 1 }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', color: 'text.secondary' }}>
          {ICONS[kind]}
          <Typography id={titleId} variant="subtitle1" component="h2" sx={{ fontWeight: 600, color: 'text.primary' }}>
            {translate(`paydesk.needs_attention.${kind}.title`)}
          </Typography>
        </Stack>
        <Typography
          variant="h3"
          component="p"
          data-testid={`count-${kind}`}
          color={loading ? 'text.secondary' : count > 0 ? 'error' : 'text.primary'}
          sx={{ my: 1, fontVariantNumeric: 'tabular-nums' }}
        >
          {loading ? <Skeleton width={60} /> : count.toLocaleString()}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {translate(`paydesk.needs_attention.${kind}.${count > 0 ? 'description' : 'none'}`)}
        </Typography>
      </CardContent>
      <CardActions sx={{ px: 2, pb: 2 }}>
        <MuiButton
          component={LinkBase}
          to={ATTENTION_LINKS[kind]}
          size="small"
          variant={count > 0 ? 'contained' : 'text'}
          disabled={loading}
        >
          {translate(`paydesk.needs_attention.${kind}.link`)}
        </MuiButton>
      </CardActions>
    </Card>
  );
};

/**
 * What waits for staff, in four numbers: payments whose gateway outcome is unknown (in error, or stuck in
 * flight), refunds not settled yet, and callbacks storefronts have not accepted. Each opens its list.
 */
export const NeedsAttentionPage = () => {
  const translate = useTranslate();
  const { data, isPending, isError, refetch, isFetching, dataUpdatedAt } = useNeedsAttention();
  const total = totalOf(data);
  return (
    <Box sx={{ py: 2 }}>
      <Title title="paydesk.needs_attention.title" />
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2, flexWrap: 'wrap' }}>
        <Typography variant="body1" sx={{ flex: 1 }}>
          {isPending
            ? translate('paydesk.needs_attention.loading')
            : total > 0
              ? translate('paydesk.needs_attention.summary', { smart_count: total })
              : translate('paydesk.needs_attention.all_clear')}
        </Typography>
        {dataUpdatedAt ? (
          <Typography variant="body2" color="text.secondary">
            {translate('paydesk.needs_attention.updated', { time: new Date(dataUpdatedAt).toLocaleTimeString() })}
          </Typography>
        ) : null}
        <Button label="paydesk.needs_attention.refresh" onClick={() => void refetch()} disabled={isFetching}>
          <RefreshIcon />
        </Button>
      </Stack>
      {isError ? (
        <Alert severity="error" sx={{ mb: 2 }}>
          {translate('paydesk.needs_attention.error')}
        </Alert>
      ) : null}
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr', lg: 'repeat(4, 1fr)' }, gap: 2 }}>
        {ATTENTION_KINDS.map((kind) => (
          <AttentionCard key={kind} kind={kind} counts={data} loading={isPending} />
        ))}
      </Box>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 2, maxWidth: 880 }}>
        {translate('paydesk.needs_attention.how_to')}
      </Typography>
    </Box>
  );
};

export default NeedsAttentionPage;
