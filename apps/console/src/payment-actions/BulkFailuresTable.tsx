import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { LinkBase, useGetMany, useTranslate } from 'react-admin';
import type { BulkCaptureResult } from '../dataProvider.ts';
import type { Payment } from '../types.ts';
import { bulkFailureMessage } from './useCommand.ts';

interface BulkFailuresTableProps {
  /** The table's accessible name (a translation key). */
  label: string;
  failures: BulkCaptureResult[];
  /** The payments the screen already shows, by id: their identifiers without asking the server again. */
  known: Map<string, { identifier: string }>;
  /** A column between the payment and the reason, when a failure can end in more than one way. */
  outcome?: { label: string; of: (failure: BulkCaptureResult) => string };
  /** Following a payment's link closes the dialog. */
  onNavigate: () => void;
}

/**
 * One line per payment that a bulk command did not do: the payment (a link), and why. Payments selected on
 * another page of the list are named by the server (as payments, whatever screen the command came from).
 */
export const BulkFailuresTable = ({ label, failures, known, outcome, onNavigate }: BulkFailuresTableProps) => {
  const translate = useTranslate();
  const unknownIds = failures.map((failure) => failure.id).filter((id) => !known.has(String(id)));
  const { data: fetched } = useGetMany<Payment>('payments', { ids: unknownIds }, { enabled: unknownIds.length > 0 });
  const identifierOf = (id: number) =>
    known.get(String(id))?.identifier ??
    fetched?.find((payment) => String(payment.id) === String(id))?.identifier ??
    `#${id}`;
  return (
    <Table size="small" aria-label={translate(label)}>
      <TableHead>
        <TableRow>
          <TableCell>{translate('paydesk.bulk_capture.payment')}</TableCell>
          {outcome ? <TableCell>{translate(outcome.label)}</TableCell> : null}
          <TableCell>{translate('paydesk.bulk_capture.reason')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {failures.map((failure) => (
          <TableRow key={failure.id}>
            <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
              <LinkBase to={`/payments/${failure.id}/show`} onClick={onNavigate}>
                {identifierOf(failure.id)}
              </LinkBase>
            </TableCell>
            {outcome ? <TableCell sx={{ whiteSpace: 'nowrap' }}>{outcome.of(failure)}</TableCell> : null}
            <TableCell>{bulkFailureMessage(failure)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
