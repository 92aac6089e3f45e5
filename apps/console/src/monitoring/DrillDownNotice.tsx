import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { LinkBase, useGetOne, useLocation, useTranslate } from 'react-admin';
import type { FailingPaymentsFilter } from './api.ts';
import { formatTime } from './format.ts';

const DRILL_DOWN_KEYS = [
  'failed_attempt_from',
  'failed_attempt_to',
  'failed_attempt_message',
  'failed_attempt_error_code',
  'failed_attempt_kind',
  'failed_operation',
  'failed_operation_from',
  'failed_operation_to',
] as const;

/** The payments list's filter when it came from monitoring (it has failed_attempt_* keys), else null. */
export function drillDownFilter(
  pathname: string,
  search: string,
): (Partial<FailingPaymentsFilter> & Record<string, unknown>) | null {
  if (pathname !== '/payments') return null;
  const raw = new URLSearchParams(search).get('filter');
  if (!raw) return null;
  try {
    const filter = JSON.parse(raw) as Record<string, unknown>;
    return DRILL_DOWN_KEYS.some((key) => typeof filter[key] === 'string') ? filter : null;
  } catch {
    return null;
  }
}

/**
 * Above the payments list when it shows a window's failing payments (the banner's or a breakdown's link):
 * what the list is narrowed to, since those filters have no inputs of their own, and how to see all.
 */
export const DrillDownNotice = () => {
  const translate = useTranslate();
  const location = useLocation();
  const filter = drillDownFilter(location.pathname, location.search);
  const methodId = typeof filter?.payment_method_id === 'number' ? filter.payment_method_id : undefined;
  const { data: method } = useGetOne('payment-methods', { id: methodId }, { enabled: methodId !== undefined });
  if (!filter) return null;

  const from = filter.failed_attempt_from ?? filter.failed_operation_from;
  const to = filter.failed_attempt_to ?? filter.failed_operation_to;
  const parts = [
    from && to
      ? translate('paydesk.monitoring.drill_down.window', { from: formatTime(from), to: formatTime(to) })
      : translate('paydesk.monitoring.drill_down.any_time'),
    methodId !== undefined
      ? translate('paydesk.monitoring.drill_down.method', { name: method?.name ?? `#${methodId}` })
      : null,
    filter.failed_attempt_message ? `“${filter.failed_attempt_message}”` : null,
    filter.failed_attempt_error_code ? `(${filter.failed_attempt_error_code})` : null,
  ].filter(Boolean);
  const rest = Object.fromEntries(
    Object.entries(filter).filter(
      ([key]) => !(DRILL_DOWN_KEYS as readonly string[]).includes(key) && key !== 'payment_method_id',
    ),
  );

  return (
    <Alert
      severity="info"
      sx={{ mt: 1, alignItems: 'center' }}
      action={
        <Button
          component={LinkBase}
          to={`/payments?filter=${encodeURIComponent(JSON.stringify(rest))}`}
          color="inherit"
          size="small"
        >
          {translate('paydesk.monitoring.drill_down.clear')}
        </Button>
      }
    >
      {filter.failed_operation
        ? translate('paydesk.monitoring.drill_down.operation', {
            operation: filter.failed_operation,
            what: parts.join(' · '),
          })
        : filter.failed_attempt_kind
          ? translate('paydesk.monitoring.drill_down.kind_text', {
              kind: translate(`paydesk.monitoring.drill_down.kind.${filter.failed_attempt_kind}`),
              what: parts.join(' · '),
            })
          : translate('paydesk.monitoring.drill_down.text', { what: parts.join(' · ') })}
    </Alert>
  );
};
