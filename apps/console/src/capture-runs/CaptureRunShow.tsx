import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import MuiButton from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { Query } from '@tanstack/react-query';
import { LinkBase, Show, useCanAccess, useGetList, useRecordContext, useRedirect, useTranslate } from 'react-admin';
import { API_URL } from '../api/session.ts';
import { describeCommandError, useCommand } from '../payment-actions/useCommand.ts';
import { useMessage } from '../payment-actions/CommandDialog.tsx';
import type { CaptureRun, CaptureRunItem } from '../types.ts';
import { CapturedAmountsField, RunProgressField, RunStatusField } from './fields.tsx';
import { isFinished, POLL_MS } from './progress.ts';

const FAILED_SHOWN = 100;

/** Polls while the run goes on; stops once it has finished. */
const refetchInterval = (query: Query<CaptureRun>) => (isFinished(query.state.data) ? false : POLL_MS);

/** A capture run: its progress as it goes, its counts, its failed payments and why, retry, cancel, the CSV. */
export const CaptureRunShow = ({ id }: { id?: number }) => (
  <Show id={id} queryOptions={{ refetchInterval }} actions={false}>
    <RunPage />
  </Show>
);

const Count = ({ label, value, testId }: { label: string; value: number; testId: string }) => {
  const translate = useTranslate();
  return (
    <Box>
      <Typography variant="caption" color="text.secondary">
        {translate(label)}
      </Typography>
      <Typography variant="h6" data-testid={testId}>
        {value.toLocaleString()}
      </Typography>
    </Box>
  );
};

const RunPage = () => {
  const run = useRecordContext<CaptureRun>();
  const translate = useTranslate();
  if (!run) return null;
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="h6">{translate('paydesk.capture_runs.title', { id: run.id })}</Typography>
        <RunStatusField />
        <Box sx={{ flex: 1 }} />
        <RunActions run={run} />
      </Stack>
      <RunProgressField />
      <Stack direction="row" spacing={4} sx={{ flexWrap: 'wrap' }}>
        <Count label="resources.capture-runs.fields.total" value={run.total} testId="capture-run-total" />
        <Count label="resources.capture-runs.fields.captured" value={run.captured} testId="capture-run-captured" />
        <Count label="resources.capture-runs.fields.failed" value={run.failed} testId="capture-run-failed" />
        <Count label="resources.capture-runs.fields.skipped" value={run.skipped} testId="capture-run-skipped" />
        <Count label="resources.capture-runs.fields.remaining" value={run.remaining} testId="capture-run-remaining" />
        <Box>
          <Typography variant="caption" color="text.secondary">
            {translate('resources.capture-runs.fields.captured_amounts')}
          </Typography>
          <Typography variant="h6" component="div">
            <CapturedAmountsField />
          </Typography>
        </Box>
      </Stack>
      <FailedItems run={run} />
    </Stack>
  );
};

const RunActions = ({ run }: { run: CaptureRun }) => {
  const translate = useTranslate();
  const message = useMessage();
  const redirect = useRedirect();
  const { canAccess: canCreate } = useCanAccess({ resource: 'capture-runs', action: 'create' });
  const { canAccess: canCancel } = useCanAccess({ resource: 'capture-runs', action: 'cancel' });
  const retry = useCommand((provider, id: number, key) => provider.retryCaptureRun(id, key), { refresh: false });
  const cancel = useCommand((provider, id: number, key) => provider.cancelCaptureRun(id, key), { refresh: false });
  const error = retry.error ?? cancel.error;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      {error ? <Alert severity="error">{message(describeCommandError(error).message)}</Alert> : null}
      <MuiButton size="small" href={`${API_URL}/capture-runs/${run.id}/items.csv`} download>
        {translate('paydesk.capture_runs.csv')}
      </MuiButton>
      {canCreate && run.failed > 0 && isFinished(run) ? (
        <MuiButton
          size="small"
          variant="outlined"
          disabled={retry.isPending}
          onClick={() => retry.submit(run.id, { onSuccess: (created) => redirect('show', 'capture-runs', created.id) })}
        >
          {translate('paydesk.capture_runs.retry_failed', { smart_count: run.failed })}
        </MuiButton>
      ) : null}
      {canCancel && !isFinished(run) && run.status !== 'canceled' ? (
        <MuiButton
          size="small"
          color="error"
          variant="outlined"
          disabled={cancel.isPending}
          onClick={() => cancel.submit(run.id)}
        >
          {translate('paydesk.capture_runs.cancel')}
        </MuiButton>
      ) : null}
    </Stack>
  );
};

/** The failed payments of the run and why (the first 100; the CSV has them all). */
const FailedItems = ({ run }: { run: CaptureRun }) => {
  const translate = useTranslate();
  const { data, total } = useGetList<CaptureRunItem>(
    `capture-runs/${run.id}/items`,
    {
      filter: { outcome: 'failed' },
      pagination: { page: 1, perPage: FAILED_SHOWN },
      sort: { field: 'id', order: 'ASC' },
    },
    { refetchInterval: isFinished(run) ? false : POLL_MS * 2, enabled: run.failed > 0 },
  );
  if (run.failed === 0 || !data) return null;
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="subtitle1">
          {translate('paydesk.capture_runs.failed_items', { smart_count: total ?? data.length })}
        </Typography>
        <Table size="small" aria-label={translate('paydesk.capture_runs.failed_items', { smart_count: data.length })}>
          <TableHead>
            <TableRow>
              <TableCell>{translate('paydesk.capture_runs.payment')}</TableCell>
              <TableCell>{translate('paydesk.capture_runs.error_code')}</TableCell>
              <TableCell>{translate('paydesk.capture_runs.reason')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((item) => (
              <TableRow key={item.id} data-testid="capture-run-failed-item">
                <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
                  <LinkBase to={`/payments/${item.payment_id}/show`}>{item.payment_identifier}</LinkBase>
                </TableCell>
                <TableCell>{item.error_code}</TableCell>
                <TableCell>{item.error_message}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
};

export default CaptureRunShow;
