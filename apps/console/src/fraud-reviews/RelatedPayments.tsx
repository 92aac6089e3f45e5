import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { LinkBase, RecordContextProvider, useTranslate, type Identifier } from 'react-admin';
import { httpClient } from '../api/httpClient.ts';
import { API_URL } from '../api/session.ts';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { Section } from '../common/Details.tsx';
import { MoneyField } from '../money/MoneyField.tsx';
import { StatusChip } from '../payments/StatusChip.tsx';
import { FraudStatusChip } from '../payments/FraudStatusChip.tsx';
import type { RelatedPayments } from '@paydesk/contract';

export type RelatedKind = RelatedPayments['data'][number]['shares'][number];

/** The kinds in the order the review page names them (the contract's, checked by the compiler). */
export const RELATED_KINDS = ['email', 'card', 'ip'] as const satisfies readonly RelatedKind[];

/** `GET /api/fraud-reviews/<id>/related` (README, "Fraud review"), as the contract has it. */
export type { RelatedPayments };

async function fetchRelated(id: Identifier): Promise<RelatedPayments> {
  const { json } = await httpClient(`${API_URL}/fraud-reviews/${encodeURIComponent(String(id))}/related`);
  return json as RelatedPayments;
}

const paymentPath = (id: Identifier) => `/payments/${id}/show`;

/** "Email mallory@example.com: 2 payments", "IP address …: more than 20", or nothing when the payment has none. */
const SharedSummary = ({ shared, limit }: Pick<RelatedPayments, 'shared' | 'limit'>) => {
  const translate = useTranslate();
  const lines = RELATED_KINDS.filter((kind) => shared[kind].value !== null).map((kind) => {
    const { value, found, more } = shared[kind];
    return (
      <Typography key={kind} variant="body2" color="text.secondary" data-testid={`shared-${kind}`}>
        {translate(`paydesk.fraud_review.related.kind.${kind}`)} {value}:{' '}
        {more
          ? translate('paydesk.fraud_review.related.more', { limit })
          : translate('paydesk.fraud_review.related.found', { smart_count: found })}
      </Typography>
    );
  });
  return <Stack spacing={0.25}>{lines}</Stack>;
};

/**
 * On a review: the other payments that share its email, card (last four, brand, expiry) or IP address, newest
 * first — at most 20 of each kind — each a link to the payment and saying what it shares.
 */
export const RelatedPaymentsSection = ({ id }: { id: Identifier }) => {
  const translate = useTranslate();
  const { data, error, isPending } = useQuery({
    queryKey: ['fraud-reviews', String(id), 'related'],
    queryFn: () => fetchRelated(id),
  });
  const title = translate('paydesk.fraud_review.related.title');
  return (
    <Section title="paydesk.fraud_review.related.title">
      {isPending ? (
        <Skeleton variant="rounded" height={80} />
      ) : error || !data ? (
        <Typography color="error">{translate('paydesk.fraud_review.related.error')}</Typography>
      ) : (
        <Stack spacing={1.5}>
          <SharedSummary shared={data.shared} limit={data.limit} />
          {data.data.length === 0 ? (
            <Typography variant="body2">{translate('paydesk.fraud_review.related.none')}</Typography>
          ) : (
            <Table size="small" aria-label={title}>
              <TableHead>
                <TableRow>
                  <TableCell>{translate('paydesk.fraud_review.related.payment')}</TableCell>
                  <TableCell>{translate('paydesk.fraud_review.related.shares')}</TableCell>
                  <TableCell>{translate('paydesk.fraud_review.related.made')}</TableCell>
                  <TableCell>{translate('paydesk.fraud_review.related.status')}</TableCell>
                  <TableCell sx={{ textAlign: 'right' }}>{translate('paydesk.fraud_review.related.total')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.data.map((payment) => (
                  <RecordContextProvider key={payment.id} value={payment}>
                    <TableRow>
                      <TableCell component="th" scope="row">
                        <Link
                          component={LinkBase}
                          to={paymentPath(payment.id)}
                          underline="hover"
                          sx={{ fontFamily: 'monospace' }}
                        >
                          {payment.identifier}
                        </Link>
                      </TableCell>
                      <TableCell>
                        <Stack direction="row" spacing={0.5}>
                          {payment.shares.map((kind) => (
                            <Chip
                              key={kind}
                              size="small"
                              variant="outlined"
                              label={translate(`paydesk.fraud_review.related.kind.${kind}`)}
                            />
                          ))}
                        </Stack>
                      </TableCell>
                      <TableCell>
                        <DateTimeField source="created_at" />
                      </TableCell>
                      <TableCell>
                        <Stack direction="row" spacing={0.5}>
                          <StatusChip source="status" />
                          <FraudStatusChip source="fraud_status" hideValues={['unknown']} />
                        </Stack>
                      </TableCell>
                      <TableCell sx={{ textAlign: 'right' }}>
                        <MoneyField source="total" />
                      </TableCell>
                    </TableRow>
                  </RecordContextProvider>
                ))}
              </TableBody>
            </Table>
          )}
        </Stack>
      )}
    </Section>
  );
};
