import Alert from '@mui/material/Alert';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { displayAmount } from '@paydesk/domain';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useRedirect, useTranslate } from 'react-admin';
import type { PaydeskDataProvider } from '../dataProvider.ts';
import { CommandDialog } from '../payment-actions/CommandDialog.tsx';
import { describeCommandError, useCommand } from '../payment-actions/useCommand.ts';
import type { CaptureRunSelection } from '../types.ts';

interface CaptureRunDialogProps {
  selection: CaptureRunSelection;
  onClose: () => void;
}

/**
 * The preview of a capture run — what it would capture per currency, what it leaves out and why, what lapses
 * soon — then, confirmed, the run (made in the background) and its page.
 */
export const CaptureRunDialog = ({ selection, onClose }: CaptureRunDialogProps) => {
  const translate = useTranslate();
  const redirect = useRedirect();
  const dataProvider = useDataProvider<PaydeskDataProvider>();
  const preview = useQuery({
    queryKey: ['capture-runs', 'preview', selection],
    queryFn: () => dataProvider.previewCaptureRun(selection),
  });
  const command = useCommand((provider, body: CaptureRunSelection, key) => provider.createCaptureRun(body, key), {
    refresh: false,
  });
  const data = preview.data;
  const count = data?.capturable ?? 0;
  const excluded = data?.exclusions.filter((exclusion) => exclusion.count > 0) ?? [];

  return (
    <CommandDialog
      title={translate('paydesk.capture_runs.preview_title')}
      confirmLabel={translate('paydesk.capture_runs.start', { smart_count: count })}
      pending={command.isPending || preview.isPending}
      confirmDisabled={!data || count === 0}
      error={
        command.error ? describeCommandError(command.error) : preview.error ? describeCommandError(preview.error) : null
      }
      onConfirm={() =>
        command.submit(selection, {
          onSuccess: (run) => {
            onClose();
            redirect('show', 'capture-runs', run.id);
          },
        })
      }
      onClose={onClose}
    >
      {data ? (
        <>
          <Typography variant="body2" data-testid="capture-run-preview-count">
            {translate('paydesk.capture_runs.preview_count', { smart_count: count, matched: data.matched })}
          </Typography>
          {data.by_currency.length > 0 ? (
            <Table size="small" aria-label={translate('paydesk.capture_runs.by_currency')}>
              <TableHead>
                <TableRow>
                  <TableCell>{translate('paydesk.capture_runs.currency')}</TableCell>
                  <TableCell align="right">{translate('paydesk.capture_runs.payments')}</TableCell>
                  <TableCell align="right">{translate('paydesk.capture_runs.amount')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.by_currency.map((row) => (
                  <TableRow key={row.currency}>
                    <TableCell>{row.currency}</TableCell>
                    <TableCell align="right">{row.count.toLocaleString()}</TableCell>
                    <TableCell align="right">{displayAmount(row.amount, row.currency)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : null}
          {data.expiring_soon > 0 ? (
            <Alert severity="warning" data-testid="capture-run-expiring">
              {translate('paydesk.capture_runs.expiring_soon', {
                smart_count: data.expiring_soon,
                hours: data.expiring_soon_hours,
              })}
            </Alert>
          ) : null}
          {excluded.length > 0 ? (
            <>
              <Typography variant="subtitle2">{translate('paydesk.capture_runs.excluded')}</Typography>
              <Table size="small" aria-label={translate('paydesk.capture_runs.excluded')}>
                <TableBody>
                  {excluded.map((exclusion) => (
                    <TableRow key={exclusion.reason}>
                      <TableCell>{translate(`paydesk.capture_runs.exclusions.${exclusion.reason}`)}</TableCell>
                      <TableCell align="right">{exclusion.count.toLocaleString()}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </>
          ) : null}
        </>
      ) : null}
    </CommandDialog>
  );
};

export default CaptureRunDialog;
