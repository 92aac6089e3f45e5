import DownloadIcon from '@mui/icons-material/Download';
import { Button } from '@mui/material';
import type { ReactNode } from 'react';
import {
  FilterButton,
  List,
  TopToolbar,
  useListContext,
  useResourceContext,
  useTranslate,
  type ListProps,
  type SortPayload,
} from 'react-admin';
import { API_URL } from '../api/session.ts';
import { cleanFilter } from '../dataProvider.ts';
import { SavedViewsButton } from './SavedViews.tsx';

/** `GET /api/<resource>/export.csv` with the list's filter and sort, as the list itself sends them. */
export function exportCsvUrl(resource: string, filter: Record<string, unknown>, sort?: SortPayload): string {
  const search = new URLSearchParams();
  const cleaned = cleanFilter(filter);
  if (Object.keys(cleaned).length > 0) search.set('filter', JSON.stringify(cleaned));
  if (sort?.field) search.set('sort', JSON.stringify([sort.field, sort.order]));
  const query = search.toString();
  return `${API_URL}/${resource}/export.csv${query ? `?${query}` : ''}`;
}

/**
 * Downloads every row the list's current filters match, in its current sort, as CSV: the server streams the
 * file (not react-admin's exporter, which would fetch the rows into the page first).
 */
export const ExportCsvButton = ({ resource: given }: { resource?: string }) => {
  const translate = useTranslate();
  const resource = useResourceContext({ resource: given });
  const { filterValues, sort, total } = useListContext();
  if (!resource) return null;
  return (
    <Button
      size="small"
      href={exportCsvUrl(resource, filterValues, sort)}
      download
      startIcon={<DownloadIcon />}
      disabled={total === 0}
      title={translate('paydesk.export.title')}
    >
      {translate('paydesk.export.button')}
    </Button>
  );
};

/** A list's actions: its filters, its saved views, what the list adds, and the CSV export. */
export const ListActionsWithExport = ({ children }: { children?: ReactNode }) => (
  <TopToolbar>
    <FilterButton />
    <SavedViewsButton />
    {children}
    <ExportCsvButton />
  </TopToolbar>
);

/** A list, newest first and 25 a page unless told, whose export is the server's CSV (ExportCsvButton). */
export const ExportableList = ({ children, ...props }: Omit<ListProps, 'exporter' | 'actions'>) => (
  <List
    sort={{ field: 'created_at', order: 'DESC' }}
    perPage={25}
    {...props}
    exporter={false}
    actions={<ListActionsWithExport />}
  >
    {children}
  </List>
);
