import { useFieldValue, useRecordContext, useTranslate } from 'react-admin';
import Typography from '@mui/material/Typography';
import { makeChoiceChip, type ChipStyle } from '../common/ValueChip.tsx';
import type { AlertDelivery, AlertEvent } from '@paydesk/contract';

export const ALERT_EVENTS = ['spike.started', 'spike.resolved'] as const satisfies readonly AlertEvent[];

const EVENT_STYLES: Record<AlertEvent, ChipStyle> = {
  'spike.started': { color: 'error', variant: 'outlined' },
  'spike.resolved': { color: 'success', variant: 'outlined' },
};

/** Started (red outline) or resolved (green outline). */
export const AlertEventChip = makeChoiceChip('event', 'paydesk.alert_deliveries.event', EVENT_STYLES);

/** The signal the alert is about, by the name the alert's body gives it. */
export const AlertSignalField = (_props: { label?: string; sortable?: boolean }) => {
  const record = useRecordContext<AlertDelivery>();
  const translate = useTranslate();
  const name = record?.payload?.signal_name ?? record?.payload?.signal;
  return (
    <Typography component="span" variant="body2">
      {typeof name === 'string' ? name : translate('paydesk.alert_deliveries.unknown_signal')}
    </Typography>
  );
};

/** The alert's text as Slack shows it. */
export const AlertTextField = (_props: { label?: string }) => {
  const text: unknown = useFieldValue({ source: 'payload.text' });
  if (typeof text !== 'string') return null;
  return (
    <Typography variant="body2" sx={{ maxWidth: 720 }}>
      {text}
    </Typography>
  );
};
