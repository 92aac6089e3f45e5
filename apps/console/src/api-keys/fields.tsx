import Typography from '@mui/material/Typography';
import Tooltip from '@mui/material/Tooltip';
import { useRecordContext, useTranslate } from 'react-admin';
import { ValueChip, type ChipStyle } from '../common/ValueChip.tsx';
import type { ApiKey } from '../types.ts';
import { formatDateTime } from '../common/datetime.ts';

/** Only the key's first characters are ever shown again: "pdk_a1B2c3D4…". */
export const KeyPrefixField = (_props: { source?: 'key_prefix'; label?: string; sortable?: boolean }) => {
  const record = useRecordContext<ApiKey>();
  if (!record) return null;
  return (
    <Typography component="span" variant="body2" sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
      {`${record.key_prefix}…`}
    </Typography>
  );
};

const STATUS_STYLES: Record<'live' | 'revoked', ChipStyle> = {
  live: { color: 'success', variant: 'outlined' },
  revoked: { color: 'default' },
};

/** "Active" or "Revoked" (with when, on hover). */
export const KeyStatusField = (_props: { source?: 'revoked_at'; label?: string; sortable?: boolean }) => {
  const record = useRecordContext<ApiKey>();
  const translate = useTranslate();
  if (!record) return null;
  if (!record.revoked_at)
    return <ValueChip value="live" labelPrefix="paydesk.api_keys.status" style={STATUS_STYLES.live} />;
  const when = formatDateTime(record.revoked_at);
  return (
    <Tooltip title={translate('paydesk.api_keys.revoked_on', { time: when })}>
      <span>
        <ValueChip value="revoked" labelPrefix="paydesk.api_keys.status" style={STATUS_STYLES.revoked} />
      </span>
    </Tooltip>
  );
};
