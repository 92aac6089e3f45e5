import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { LinkBase, useTranslate } from 'react-admin';
import { CAPTURE_QUEUE_PATH } from '../capture-queue/index.tsx';
import { formatDateTime } from '../common/datetime.ts';
import { formatMoney } from '../money/MoneyField.tsx';
import { type CurrencyMoney, useMoneyAtAGlance } from './moneyApi.ts';

const numeric = { textAlign: 'right', whiteSpace: 'nowrap' } as const;

/** The capture queue filtered as the BFF says (the authorizations about to lapse), in one currency or all. */
export function captureQueuePath(filter: Record<string, unknown>, currency?: string): string {
  const full = currency ? { ...filter, currency } : filter;
  return `${CAPTURE_QUEUE_PATH}?filter=${encodeURIComponent(JSON.stringify(full))}`;
}

const Amount = ({ value, currency, count }: { value: string; currency: string; count: number }) => {
  const translate = useTranslate();
  if (count === 0) return <>—</>;
  return (
    <>
      {formatMoney(value, currency)}
      <Typography component="span" variant="body2" color="text.secondary">
        {` · ${translate('paydesk.dashboard.money.payments', { smart_count: count })}`}
      </Typography>
    </>
  );
};

const CurrencyRow = ({ row, filter }: { row: CurrencyMoney; filter: Record<string, unknown> }) => {
  const translate = useTranslate();
  return (
    <TableRow>
      <TableCell component="th" scope="row">
        {row.currency}
      </TableCell>
      <TableCell sx={numeric}>
        <Amount value={row.captured} currency={row.currency} count={row.captured_count} />
      </TableCell>
      <TableCell sx={numeric}>
        <Amount value={row.refunded} currency={row.currency} count={row.refunded_count} />
      </TableCell>
      <TableCell sx={numeric}>
        {row.expiring_count === 0 ? (
          '—'
        ) : (
          <Link
            component={LinkBase}
            to={captureQueuePath(filter, row.currency)}
            underline="hover"
            // The visible text first, as the accessible name must hold it (WCAG 2.5.3, label in name).
            aria-label={translate('paydesk.dashboard.money.expiring_in', {
              amount: formatMoney(row.expiring, row.currency),
              payments: translate('paydesk.dashboard.money.payments', { smart_count: row.expiring_count }),
            })}
          >
            <Amount value={row.expiring} currency={row.currency} count={row.expiring_count} />
          </Link>
        )}
      </TableCell>
    </TableRow>
  );
};

/**
 * Money at a glance: per currency, what was captured and refunded in the shop's day (its `shop_time_zone`
 * setting), and what the authorizations that lapse within 24 hours hold, a click away from them in the
 * capture queue. Refreshes every minute.
 */
export const MoneyToday = () => {
  const translate = useTranslate();
  const { data, error, isPending } = useMoneyAtAGlance();
  const title = translate('paydesk.dashboard.money.title');
  return (
    <Card variant="outlined" component="section" aria-labelledby="money-today-title">
      <CardContent>
        <Typography variant="h6" component="h2" id="money-today-title">
          {title}
        </Typography>
        {isPending ? (
          <Skeleton variant="rounded" height={120} />
        ) : error || !data ? (
          <Alert severity="error">{translate('paydesk.dashboard.money.error')}</Alert>
        ) : (
          <>
            <Typography variant="body2" color="text.secondary" gutterBottom>
              {translate('paydesk.dashboard.money.since', {
                zone: data.time_zone,
                from: formatDateTime(data.from),
              })}
            </Typography>
            {data.currencies.length === 0 ? (
              <Typography variant="body2">{translate('paydesk.dashboard.money.nothing')}</Typography>
            ) : (
              <Table size="small" aria-label={title}>
                <TableHead>
                  <TableRow>
                    <TableCell>{translate('paydesk.dashboard.money.currency')}</TableCell>
                    <TableCell sx={numeric}>{translate('paydesk.dashboard.money.captured')}</TableCell>
                    <TableCell sx={numeric}>{translate('paydesk.dashboard.money.refunded')}</TableCell>
                    <TableCell sx={numeric}>
                      {translate('paydesk.dashboard.money.expiring', { hours: data.expiring_hours })}
                    </TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {data.currencies.map((row) => (
                    <CurrencyRow key={row.currency} row={row} filter={data.expiring_filter} />
                  ))}
                </TableBody>
              </Table>
            )}
            {data.expiring_count > 0 ? (
              <Link
                component={LinkBase}
                to={captureQueuePath(data.expiring_filter)}
                underline="hover"
                sx={{ display: 'inline-block', mt: 1.5 }}
              >
                {translate('paydesk.dashboard.money.expiring_link', {
                  smart_count: data.expiring_count,
                  hours: data.expiring_hours,
                })}
              </Link>
            ) : null}
          </>
        )}
      </CardContent>
    </Card>
  );
};
