import Box from '@mui/material/Box';
import { Datagrid, EditButton, List, TextField, useCanAccess, useFieldValue, useRecordContext } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField.tsx';
import type { Setting } from '../types.ts';
import { settingInput } from './settingInputs.ts';

/** "Edit" for admins, on settings changed by hand. */
const EditSettingButton = () => {
  const record = useRecordContext<Setting>();
  if (!record || settingInput(String(record.id), record.value).kind === 'read_only') return null;
  return <EditButton />;
};

/** The value as JSON on one line, cut at the column's width (the whole of it on hover). */
const SettingValueField = (_props: { source: string; label?: string; sortable?: boolean }) => {
  const value: unknown = useFieldValue({ source: 'value' });
  const text = JSON.stringify(value) ?? '';
  return (
    <Box
      component="code"
      title={text}
      sx={{
        display: 'block',
        maxWidth: 180,
        overflow: 'hidden',
        textOverflow: 'ellipsis',
        whiteSpace: 'nowrap',
        fontSize: '0.8125rem',
      }}
    >
      {text}
    </Box>
  );
};

/** Store settings as the API holds them (key → JSON value); admins edit them one at a time. */
export const SettingList = () => {
  const { canAccess: canEdit } = useCanAccess({ resource: 'settings', action: 'edit' });
  return (
    <List sort={{ field: 'id', order: 'ASC' }} exporter={false} pagination={false} perPage={100}>
      <Datagrid
        rowClick={false}
        bulkActionButtons={false}
        size="small"
        sx={{ '& .column-description': { minWidth: 240 } }}
      >
        <TextField source="id" sortable={false} sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }} />
        <SettingValueField source="value" sortable={false} />
        <TextField source="description" sortable={false} />
        <DateTimeField source="updated_at" sortable={false} emptyText="—" />
        {canEdit ? <EditSettingButton /> : null}
      </Datagrid>
    </List>
  );
};

export default SettingList;
