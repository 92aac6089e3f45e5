import { Datagrid, List, NumberField, TextField } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { compactDatagridSx } from '../common/listStyles.ts';
import { CapturedAmountsField, RunProgressField, RunStatusField } from './fields.tsx';
import { POLL_MS } from './progress.ts';

/** Capture runs, newest first; the list follows runs that are still going. */
export const CaptureRunList = () => (
  <List
    sort={{ field: 'id', order: 'DESC' }}
    perPage={25}
    exporter={false}
    queryOptions={{ refetchInterval: POLL_MS * 5 }}
  >
    <Datagrid rowClick="show" size="small" sx={compactDatagridSx} bulkActionButtons={false}>
      <TextField source="id" />
      <RunStatusField label="resources.capture-runs.fields.status" />
      <RunProgressField label="resources.capture-runs.fields.progress" />
      <NumberField source="total" />
      <NumberField source="captured" />
      <NumberField source="failed" />
      <NumberField source="skipped" />
      <CapturedAmountsField label="resources.capture-runs.fields.captured_amounts" />
      <DateTimeField source="created_at" />
      <DateTimeField source="finished_at" />
    </Datagrid>
  </List>
);

export default CaptureRunList;
