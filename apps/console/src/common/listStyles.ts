import type { SxProps, Theme } from '@mui/material/styles';

/**
 * Dense Datagrid for the wide back-office tables: one line per row, tighter cell padding, and the table
 * scrolls sideways inside its card (filters and pagination stay in view) when the screen is narrow.
 */
export const compactDatagridSx: SxProps<Theme> = {
  '& .RaDatagrid-tableWrapper': { overflowX: 'auto' },
  '& .RaDatagrid-headerCell, & .RaDatagrid-rowCell': { whiteSpace: 'nowrap', px: 0.75 },
  '& .RaDatagrid-headerCell:first-of-type, & .RaDatagrid-rowCell:first-of-type': { pl: 2 },
  '& .RaDatagrid-headerCell:last-of-type, & .RaDatagrid-rowCell:last-of-type': { pr: 2 },
};
