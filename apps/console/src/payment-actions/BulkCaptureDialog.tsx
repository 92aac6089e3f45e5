import Typography from '@mui/material/Typography';
import { useMemo } from 'react';
import { useTranslate, type Identifier } from 'react-admin';
import type { BulkCaptureResult } from '../dataProvider.ts';
import type { Payment } from '../types.ts';
import { BulkFailuresTable } from './BulkFailuresTable.tsx';
import { CommandDialog } from './CommandDialog.tsx';
import { describeCommandError, useCommand } from './useCommand.ts';

/** The server's limit for one bulk capture (api.md). */
export const BULK_CAPTURE_MAX = 100;

interface BulkCaptureDialogProps {
  ids: Identifier[];
  /** The records the list shows: for identifiers and statuses without asking the server again. */
  records: Payment[];
  /** `done`: the capture ran, so the list should be refreshed and the selection cleared. */
  onClose: (done: boolean) => void;
}

/** Asks first, sends the ids with one Idempotency-Key, then sums up: how many captured, and each failure. */
export const BulkCaptureDialog = ({ ids, records, onClose }: BulkCaptureDialogProps) => {
  const translate = useTranslate();
  const command = useCommand((dataProvider, body: Identifier[], key) => dataProvider.bulkCapture(body, key), {
    refresh: false,
  });
  const known = useMemo(() => new Map(records.map((record) => [String(record.id), record])), [records]);
  const notPreauth = ids.filter((id) => {
    const record = known.get(String(id));
    return record !== undefined && record.status !== 'preauth';
  }).length;
  const tooMany = ids.length > BULK_CAPTURE_MAX;

  if (command.data) return <BulkCaptureSummary results={command.data} known={known} onClose={() => onClose(true)} />;

  return (
    <CommandDialog
      title={translate('paydesk.bulk_capture.title', { smart_count: ids.length })}
      confirmLabel={translate('paydesk.bulk_capture.confirm', { smart_count: ids.length })}
      pending={command.isPending}
      confirmDisabled={tooMany}
      error={command.error ? describeCommandError(command.error) : null}
      onConfirm={() => command.submit(ids)}
      // A request that got no answer may have captured some: refresh whatever happened.
      onClose={() => onClose(Boolean(command.error))}
    >
      <Typography variant="body2">{translate('paydesk.bulk_capture.content')}</Typography>
      {notPreauth > 0 ? (
        <Typography variant="body2" color="warning.main">
          {translate('paydesk.bulk_capture.not_preauth', { smart_count: notPreauth })}
        </Typography>
      ) : null}
      {tooMany ? (
        <Typography variant="body2" color="error">
          {translate('paydesk.bulk_capture.too_many', { max: BULK_CAPTURE_MAX })}
        </Typography>
      ) : null}
    </CommandDialog>
  );
};

const BulkCaptureSummary = ({
  results,
  known,
  onClose,
}: {
  results: BulkCaptureResult[];
  known: Map<string, Payment>;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const failures = results.filter((result) => !result.ok);
  const captured = results.length - failures.length;

  return (
    <CommandDialog
      title={translate('paydesk.bulk_capture.summary_title')}
      confirmLabel=""
      hideConfirm
      closeLabel="paydesk.payment_actions.close"
      pending={false}
      onConfirm={onClose}
      onClose={onClose}
    >
      <Typography variant="body1" data-testid="bulk-capture-count">
        {translate('paydesk.bulk_capture.captured', { smart_count: captured, total: results.length })}
      </Typography>
      {failures.length > 0 ? (
        <>
          <Typography variant="subtitle2">{translate('paydesk.bulk_capture.failures')}</Typography>
          <BulkFailuresTable
            label="paydesk.bulk_capture.failures"
            failures={failures}
            known={known}
            onNavigate={onClose}
          />
        </>
      ) : null}
    </CommandDialog>
  );
};

export default BulkCaptureDialog;
