import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Stack from '@mui/material/Stack';
import { useQuery } from '@tanstack/react-query';
import { Show, TextField, useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime } from '../common/datetime.ts';
import { Details, Section, SectionGrid } from '../common/Details.tsx';
import { Empty } from '../common/Empty.tsx';
import { JsonField } from '../common/JsonField.tsx';
import { CallbackStatusChip, deliveryOutcomeFields, refetchWhilePending } from '../callback-deliveries/fields.tsx';
import type { PaydeskDataProvider } from '../dataProvider.ts';
import type { AlertDelivery } from '@paydesk/contract';
import { AlertEventChip, AlertSignalField, AlertTextField } from './fields.tsx';

const EMPTY = '—';

/** Every attempt of the delivery, newest first: each retry with its HTTP code or error. */
export const AlertAttempts = () => {
  const record = useRecordContext<AlertDelivery>();
  const dataProvider = useDataProvider<PaydeskDataProvider>();
  const translate = useTranslate();
  const { data } = useQuery({
    queryKey: ['alert-attempts', record?.id, record?.attempts],
    queryFn: () => dataProvider.getAlertAttempts(record!.id),
    enabled: record !== undefined,
  });
  if (!data) return null;
  if (data.length === 0) return <Empty message="paydesk.alert_deliveries.no_attempts" />;
  const field = (name: string) => translate(`paydesk.alert_deliveries.attempt.${name}`);
  return (
    <Table size="small" aria-label={translate('paydesk.alert_deliveries.sections.attempts')}>
      <TableHead>
        <TableRow>
          <TableCell>{field('number')}</TableCell>
          <TableCell>{field('created_at')}</TableCell>
          <TableCell align="right">{field('response_code')}</TableCell>
          <TableCell>{field('error')}</TableCell>
          <TableCell align="right">{field('duration_ms')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {data.map((attempt, i) => (
          <TableRow key={attempt.id}>
            <TableCell>{data.length - i}</TableCell>
            <TableCell>{formatDateTime(attempt.created_at, { seconds: true })}</TableCell>
            <TableCell align="right">{attempt.response_code ?? EMPTY}</TableCell>
            <TableCell sx={{ wordBreak: 'break-word' }}>{attempt.error ?? EMPTY}</TableCell>
            <TableCell align="right">{attempt.duration_ms}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

/** One alert to one URL: what it announced, how it went, the body sent, and each attempt. */
export const AlertDeliveryShow = ({ id }: { id?: AlertDelivery['id'] }) => (
  <Show resource="monitoring/alert-deliveries" id={id} component="div" queryOptions={refetchWhilePending}>
    <Stack spacing={2}>
      <SectionGrid>
        <Section title="paydesk.alert_deliveries.sections.delivery">
          <Details>
            <CallbackStatusChip source="status" />
            <TextField source="url" />
            {deliveryOutcomeFields()}
          </Details>
        </Section>
        <Section title="paydesk.alert_deliveries.sections.alert">
          <Details>
            <AlertEventChip source="event" />
            <TextField source="episode_id" />
            <AlertSignalField label="resources.monitoring/alert-deliveries.fields.signal" />
            <AlertTextField label="resources.monitoring/alert-deliveries.fields.text" />
          </Details>
        </Section>
      </SectionGrid>
      <Section title="paydesk.alert_deliveries.sections.attempts">
        <AlertAttempts />
      </Section>
      <Section title="paydesk.alert_deliveries.sections.body">
        <JsonField source="payload" />
      </Section>
    </Stack>
  </Show>
);

export default AlertDeliveryShow;
