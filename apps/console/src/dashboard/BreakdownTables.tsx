import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { LinkBase, useTranslate } from 'react-admin';
import { paymentsListPath, type FailingPaymentsFilter, type SpikeAlert } from '../monitoring/api.ts';
import { formatRate } from '../monitoring/format.ts';

const numeric = { textAlign: 'right', whiteSpace: 'nowrap' } as const;

/** "12 payments", a click away from exactly those payments. */
const PaymentsLink = ({ count, filter }: { count: number; filter: FailingPaymentsFilter }) => {
  const translate = useTranslate();
  if (count === 0) return <>—</>;
  return (
    <Link component={LinkBase} to={paymentsListPath(filter)} underline="hover" sx={{ whiteSpace: 'nowrap' }}>
      {translate('paydesk.monitoring.breakdown.payments', { smart_count: count })}
    </Link>
  );
};

const BreakdownCard = ({ title, empty, children }: { title: string; empty: boolean; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }} gutterBottom>
          {title}
        </Typography>
        {empty ? (
          <Typography variant="body2" color="text.secondary">
            {translate('paydesk.monitoring.breakdown.empty')}
          </Typography>
        ) : (
          <Table size="small" aria-label={title}>
            {children}
          </Table>
        )}
      </CardContent>
    </Card>
  );
};

/** The current window, by payment method: attempts, failures, rate, and the failing payments. */
export const MethodBreakdown = ({ alert }: { alert: SpikeAlert }) => {
  const translate = useTranslate();
  return (
    <BreakdownCard
      title={translate('paydesk.monitoring.breakdown.by_method', { minutes: alert.window.minutes })}
      empty={alert.by_payment_method.length === 0}
    >
      <TableHead>
        <TableRow>
          <TableCell>{translate('paydesk.monitoring.breakdown.method')}</TableCell>
          <TableCell sx={numeric}>{translate('paydesk.monitoring.breakdown.attempts')}</TableCell>
          <TableCell sx={numeric}>{translate('paydesk.monitoring.breakdown.failures')}</TableCell>
          <TableCell sx={numeric}>{translate('paydesk.monitoring.breakdown.rate')}</TableCell>
          <TableCell sx={numeric}>{translate('paydesk.monitoring.breakdown.failing')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {alert.by_payment_method.map((row) => (
          <TableRow key={row.payment_method_id}>
            <TableCell>{row.name}</TableCell>
            <TableCell sx={numeric}>{row.attempts.toLocaleString()}</TableCell>
            <TableCell sx={numeric}>{row.failures.toLocaleString()}</TableCell>
            <TableCell sx={numeric}>{formatRate(row.rate)}</TableCell>
            <TableCell sx={numeric}>
              <PaymentsLink count={row.failed_payments} filter={row.filter} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </BreakdownCard>
  );
};

/** The current window's failures by gateway message and error code, the most frequent first. */
export const MessageBreakdown = ({ alert }: { alert: SpikeAlert }) => {
  const translate = useTranslate();
  return (
    <BreakdownCard
      title={translate('paydesk.monitoring.breakdown.by_message', { minutes: alert.window.minutes })}
      empty={alert.by_message.length === 0}
    >
      <TableHead>
        <TableRow>
          <TableCell>{translate('paydesk.monitoring.breakdown.message')}</TableCell>
          <TableCell>{translate('paydesk.monitoring.breakdown.error_code')}</TableCell>
          <TableCell sx={numeric}>{translate('paydesk.monitoring.breakdown.failures')}</TableCell>
          <TableCell sx={numeric}>{translate('paydesk.monitoring.breakdown.failing')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {alert.by_message.map((row) => (
          <TableRow key={`${row.error_code ?? ''}:${row.message}`}>
            <TableCell sx={{ maxWidth: 280, overflowWrap: 'anywhere' }}>{row.message || '—'}</TableCell>
            <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{row.error_code ?? '—'}</TableCell>
            <TableCell sx={numeric}>{row.failures.toLocaleString()}</TableCell>
            <TableCell sx={numeric}>
              <PaymentsLink count={row.failed_payments} filter={row.filter} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </BreakdownCard>
  );
};
