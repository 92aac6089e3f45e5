import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { NumberField, TextField, useFieldValue } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { makeChoiceChip, type ChipStyle } from '../common/ValueChip.tsx';
import type { CallbackDeliveryStatus, DeliveryOutcome } from '../types.ts';

export const CALLBACK_STATUSES = [
  'pending',
  'delivered',
  'failed',
] as const satisfies readonly CallbackDeliveryStatus[];

const STATUS_STYLES: Record<CallbackDeliveryStatus, ChipStyle> = {
  pending: { color: 'info', variant: 'outlined' },
  delivered: { color: 'success' },
  failed: { color: 'error' },
};

/** Pending (blue: waiting for its next attempt), delivered (green), failed (red: retries given up). */
export const CallbackStatusChip = makeChoiceChip('status', 'paydesk.callbacks.status', STATUS_STYLES);

/** The transaction's token is 64 hex digits: its first ten say enough in a list; the whole on hover. */
export const ShortTokenField = ({ source = 'token' }: { source?: string; label?: string; sortable?: boolean }) => {
  const value: unknown = useFieldValue({ source });
  if (typeof value !== 'string' || value === '') return null;
  return (
    <Typography component="span" variant="body2" title={value} sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
      {value.length > 10 ? `${value.slice(0, 10)}…` : value}
    </Typography>
  );
};

/** The JSON text as sent, pretty-printed; shown as it is if it does not parse. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The callback's body: the exact JSON the storefront receives (signed), indented for reading. */
export const BodyField = ({ source = 'body' }: { source?: string; label?: string }) => {
  const value: unknown = useFieldValue({ source });
  if (typeof value !== 'string') return null;
  return (
    <Box
      component="pre"
      data-testid="callback-body"
      sx={{
        m: 0,
        p: 1.5,
        fontFamily: 'monospace',
        fontSize: '0.8rem',
        whiteSpace: 'pre-wrap',
        wordBreak: 'break-word',
        bgcolor: 'action.hover',
        borderRadius: 1,
        maxHeight: 480,
        overflow: 'auto',
      }}
    >
      {prettyJson(value)}
    </Box>
  );
};

/** While a delivery waits for its next attempt, look again every few seconds: the worker may have tried. */
const PENDING_POLL_MS = 5000;
export const refetchWhilePending = {
  refetchInterval: (query: { state: { data?: DeliveryOutcome } }) =>
    query.state.data?.status === 'pending' ? PENDING_POLL_MS : false,
};

/** How a signed delivery (callback or spike alert) went, as `Details` rows: attempts, last answer, times. */
export function deliveryOutcomeFields() {
  return [
    <NumberField key="attempts" source="attempts" />,
    <NumberField key="last_response_code" source="last_response_code" emptyText="—" options={{ useGrouping: false }} />,
    <TextField key="last_error" source="last_error" emptyText="—" />,
    <DateTimeField key="next_attempt_at" source="next_attempt_at" precise emptyText="—" />,
    <DateTimeField key="delivered_at" source="delivered_at" precise emptyText="—" />,
    <DateTimeField key="created_at" source="created_at" precise />,
  ];
}
