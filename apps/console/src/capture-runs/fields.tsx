import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { displayAmount } from '@paydesk/domain';
import { useRecordContext, useTranslate } from 'react-admin';
import type { CaptureRun } from '../types.ts';
import { runProgress } from './progress.ts';

/** The run's progress bar with its percentage. */
export const RunProgressField = (_props: { label?: string }) => {
  const run = useRecordContext<CaptureRun>();
  if (!run) return null;
  const value = runProgress(run);
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, minWidth: 140 }}>
      <LinearProgress
        variant="determinate"
        value={value}
        sx={{ flex: 1, height: 8, borderRadius: 1 }}
        aria-label={`${value}%`}
        color={run.failed > 0 ? 'warning' : 'primary'}
      />
      <Typography variant="body2" component="span">
        {value}%
      </Typography>
    </Box>
  );
};

/** Amounts captured so far, per currency: "$63.30 · €9.99". */
export const CapturedAmountsField = (_props: { label?: string }) => {
  const run = useRecordContext<CaptureRun>();
  const translate = useTranslate();
  if (!run) return null;
  const amounts = Object.entries(run.captured_amounts);
  return (
    <Typography variant="body2" component="span">
      {amounts.length === 0
        ? translate('paydesk.capture_runs.nothing_captured')
        : amounts.map(([currency, amount]) => displayAmount(amount, currency)).join(' · ')}
    </Typography>
  );
};

/** The run's status, translated. */
export const RunStatusField = (_props: { label?: string }) => {
  const run = useRecordContext<CaptureRun>();
  const translate = useTranslate();
  if (!run) return null;
  return (
    <Typography variant="body2" component="span" data-testid="capture-run-status">
      {translate(`paydesk.capture_runs.statuses.${run.status}`)}
    </Typography>
  );
};
