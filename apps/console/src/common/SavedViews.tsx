import type { SavedViewRequest } from '@paydesk/contract';
import { SAVED_VIEW_NAME_MAX } from '@paydesk/contract/rules';
import { SAVED_VIEW_RESOURCES } from '@paydesk/domain';
import BookmarksIcon from '@mui/icons-material/Bookmarks';
import DeleteIcon from '@mui/icons-material/Delete';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useId, useState, type FormEvent } from 'react';
import {
  useCreate,
  useCreatePath,
  useDelete,
  useGetList,
  useListContext,
  useNavigate,
  useNotify,
  useResourceContext,
  useTranslate,
  type SortPayload,
} from 'react-admin';
import { cleanFilter } from '../dataProvider.ts';
import type { SavedView } from '../types.ts';
import { fieldErrorText } from '../api/errors.ts';

/**
 * A list's query string as react-admin reads it: filters (each shown), sort, first page. The same string is
 * what the address bar holds for that list, so a copied URL and a saved view open the same rows.
 */
export function viewSearch(filter: Record<string, unknown>, sort: SortPayload | null): string {
  const search = new URLSearchParams();
  const cleaned = cleanFilter(filter);
  search.set('filter', JSON.stringify(cleaned));
  search.set('displayedFilters', JSON.stringify(Object.fromEntries(Object.keys(cleaned).map((key) => [key, true]))));
  if (sort?.field) {
    search.set('sort', sort.field);
    search.set('order', sort.order);
  }
  search.set('page', '1');
  return `?${search.toString()}`;
}

const SaveViewDialog = ({ onClose, onSaved }: { onClose: () => void; onSaved: (name: string) => void }) => {
  const translate = useTranslate();
  const resource = useResourceContext();
  const { filterValues, sort } = useListContext();
  const [create, { isPending, error }] = useCreate<SavedView>();
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const titleId = useId();
  const trimmed = name.trim();
  const invalid = trimmed.length === 0 || trimmed.length > SAVED_VIEW_NAME_MAX;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (invalid || isPending) return;
    create(
      'saved-views',
      {
        data: {
          resource: resource as SavedView['resource'],
          name: trimmed,
          filter: cleanFilter(filterValues),
          sort: sort?.field ? sort : null,
        } satisfies SavedViewRequest,
      },
      { returnPromise: false, onSuccess: () => onSaved(trimmed) },
    );
  };
  const serverError = fieldErrorText(error, 'name');
  return (
    <Dialog open onClose={() => !isPending && onClose()} aria-labelledby={titleId} fullWidth maxWidth="xs">
      <form onSubmit={submit} noValidate>
        <DialogTitle id={titleId}>{translate('paydesk.saved_views.dialog_title')}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate('paydesk.saved_views.dialog_content')}</DialogContentText>
          <TextField
            label={translate('paydesk.saved_views.name')}
            value={name}
            onChange={(event) => setName(event.target.value)}
            error={touched && invalid}
            helperText={
              touched && invalid ? translate('paydesk.saved_views.name_help', { max: SAVED_VIEW_NAME_MAX }) : ' '
            }
            slotProps={{ htmlInput: { maxLength: SAVED_VIEW_NAME_MAX } }}
            required
            fullWidth
            autoFocus
            margin="dense"
          />
          {serverError && <Alert severity="error">{serverError}</Alert>}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={isPending}>
            {translate('ra.action.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={isPending}>
            {translate('paydesk.saved_views.confirm')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};

/**
 * "Views" on a list: save its current filters and sort under a name (the staff member's own), open one (by
 * navigating to its URL, so the address bar then holds it too), delete one.
 */
export const SavedViewsButton = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const createPath = useCreatePath();
  const resource = useResourceContext();
  const menuId = useId();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [saving, setSaving] = useState(false);
  const offered = (SAVED_VIEW_RESOURCES as readonly string[]).includes(resource ?? '');
  const { data: views = [], refetch } = useGetList<SavedView>(
    'saved-views',
    { filter: { resource }, sort: { field: 'name', order: 'ASC' }, pagination: { page: 1, perPage: 50 } },
    { enabled: offered },
  );
  const [remove] = useDelete<SavedView>();
  if (!resource || !offered) return null;

  const open = (view: SavedView) => {
    setAnchor(null);
    navigate({ pathname: createPath({ resource, type: 'list' }), search: viewSearch(view.filter, view.sort) });
  };
  const deleteView = (view: SavedView) =>
    remove(
      'saved-views',
      { id: view.id, previousData: view },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          notify('paydesk.saved_views.deleted', { type: 'info', messageArgs: { name: view.name } });
          void refetch();
        },
        onError: (error) =>
          notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' }),
      },
    );

  return (
    <>
      <Button
        size="small"
        startIcon={<BookmarksIcon />}
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={anchor ? 'true' : undefined}
        onClick={(event) => setAnchor(event.currentTarget)}
      >
        {translate('paydesk.saved_views.button')}
      </Button>
      <Menu id={menuId} anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        <MenuItem
          onClick={() => {
            setAnchor(null);
            setSaving(true);
          }}
        >
          {translate('paydesk.saved_views.save')}
        </MenuItem>
        <Divider />
        {views.length === 0 && <MenuItem disabled>{translate('paydesk.saved_views.none')}</MenuItem>}
        {views.map((view) => (
          <MenuItem key={view.id} onClick={() => open(view)} sx={{ gap: 1 }}>
            <ListItemText primary={view.name} />
            <IconButton
              size="small"
              edge="end"
              aria-label={translate('paydesk.saved_views.delete', { name: view.name })}
              onClick={(event) => {
                event.stopPropagation();
                deleteView(view);
              }}
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          </MenuItem>
        ))}
      </Menu>
      {saving && (
        <SaveViewDialog
          onClose={() => setSaving(false)}
          onSaved={(name) => {
            setSaving(false);
            notify('paydesk.saved_views.saved', { type: 'info', messageArgs: { name } });
            void refetch();
          }}
        />
      )}
    </>
  );
};
