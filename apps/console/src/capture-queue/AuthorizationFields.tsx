import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { useRecordContext, useTranslate } from 'react-admin';
import type { Payment } from '../types.ts';
import { EXPIRY_WARNING_MS, useFormatDuration } from './duration.ts';
import { formatDateTime } from '../common/datetime.ts';

interface TimeFieldProps {
  label?: string;
  sortable?: boolean;
  sortBy?: string;
  /** Now, in ms since the epoch: one clock for the whole table. */
  now: number;
}

/** How long the payment has been authorized and waiting: "3 days 4 h". */
export const AuthorizationAgeField = ({ now }: TimeFieldProps) => {
  const record = useRecordContext<Payment>();
  const format = useFormatDuration();
  if (!record?.created_at) return null;
  return (
    <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap' }}>
      {format(now - Date.parse(record.created_at))}
    </Typography>
  );
};

/**
 * Time left until the authorization lapses: plain text, a warning chip under 24 hours, an "Expired" chip
 * once past (capturing then will most likely be refused by the gateway).
 */
export const AuthorizationExpiryField = ({ now }: TimeFieldProps) => {
  const record = useRecordContext<Payment>();
  const translate = useTranslate();
  const format = useFormatDuration();
  if (!record?.authorization_expires_at) return null;
  const expiresAt = Date.parse(record.authorization_expires_at);
  const left = expiresAt - now;
  const title = formatDateTime(expiresAt);
  if (left <= 0) {
    return (
      <Chip
        size="small"
        color="error"
        label={translate('paydesk.capture_queue.expired')}
        title={title}
        data-expiry="expired"
      />
    );
  }
  if (left < EXPIRY_WARNING_MS) {
    return <Chip size="small" color="warning" label={format(left)} title={title} data-expiry="soon" />;
  }
  return (
    <Typography component="span" variant="body2" title={title} sx={{ whiteSpace: 'nowrap' }} data-expiry="later">
      {format(left)}
    </Typography>
  );
};
