import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useRecordContext, useTranslate } from 'react-admin';
import { useFormatDuration } from '../capture-queue/duration.ts';
import type { FraudReview } from '../types.ts';
import { claimStateOf, useAnalyst } from './review.ts';

interface ColumnProps {
  label?: string;
  sortable?: boolean;
  sortBy?: string;
}

interface TimedProps extends ColumnProps {
  /** Now, in ms since the epoch: one clock for the whole table. */
  now: number;
}

/** How long the payment has waited for a review: "2 h 15 min". */
export const AgeField = ({ now }: TimedProps) => {
  const record = useRecordContext<FraudReview>();
  const format = useFormatDuration();
  if (!record?.created_at) return null;
  return (
    <Typography
      component="span"
      variant="body2"
      sx={{ whiteSpace: 'nowrap' }}
      title={new Date(record.created_at).toLocaleString()}
    >
      {format(now - Date.parse(record.created_at))}
    </Typography>
  );
};

/**
 * Who is working on the review: "You · 12 min left" or "Felix Wagner · 12 min left". Nothing (or, with
 * `showUnclaimed`, "Unclaimed") when nobody holds a live claim.
 */
export const ClaimField = ({ now, showUnclaimed = false }: TimedProps & { showUnclaimed?: boolean }) => {
  const record = useRecordContext<FraudReview>();
  const translate = useTranslate();
  const format = useFormatDuration();
  const { id } = useAnalyst();
  if (!record) return null;
  const claim = claimStateOf(record, id, now);
  if (claim.kind === 'none') {
    return showUnclaimed ? (
      <Typography component="span" variant="body2" color="text.secondary" data-claim="none">
        {translate('paydesk.fraud_review.claim.unclaimed')}
      </Typography>
    ) : null;
  }
  const left = translate('paydesk.fraud_review.claim.time_left', { duration: format(claim.expiresAt - now) });
  const who = claim.kind === 'mine' ? translate('paydesk.fraud_review.claim.you') : claim.name;
  return (
    <Chip
      size="small"
      color={claim.kind === 'mine' ? 'primary' : 'warning'}
      variant={claim.kind === 'mine' ? 'filled' : 'outlined'}
      label={`${who} · ${left}`}
      title={translate('paydesk.fraud_review.claim.until', { time: new Date(claim.expiresAt).toLocaleString() })}
      data-claim={claim.kind}
    />
  );
};

/** The billing country beside the IP address's country ("US / VN"), flagged when they differ. */
export const CountryField = (_props: ColumnProps) => {
  const record = useRecordContext<FraudReview>();
  const translate = useTranslate();
  if (!record) return null;
  const billing = record.billing_country_code ?? '—';
  const ip = record.customer_ip_country ?? '—';
  const title = translate('paydesk.fraud_review.country.title', { billing, ip });
  if (record.ip_country_mismatch) {
    return (
      <Chip
        size="small"
        color="warning"
        icon={<WarningAmberIcon />}
        label={translate('paydesk.fraud_review.country.mismatch', { billing, ip })}
        title={title}
        data-mismatch="true"
      />
    );
  }
  return (
    <Stack direction="row" spacing={0.5} component="span" title={title} sx={{ whiteSpace: 'nowrap' }}>
      <Typography component="span" variant="body2">
        {billing}
      </Typography>
      <Typography component="span" variant="body2" color="text.secondary">
        / {ip}
      </Typography>
    </Stack>
  );
};
