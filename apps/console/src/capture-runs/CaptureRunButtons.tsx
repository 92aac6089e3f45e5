import PlaylistAddCheckIcon from '@mui/icons-material/PlaylistAddCheck';
import { lazy, Suspense, useState } from 'react';
import { Button, useCanAccess, useListContext, useTranslate } from 'react-admin';
import { cleanFilter } from '../dataProvider.ts';
import type { CaptureRunSelection } from '../types.ts';

const CaptureRunDialog = lazy(() => import('./CaptureRunDialog.tsx'));

/** Opens the preview of a run of this selection; nothing is sent before the staff member confirms. */
const RunButton = ({
  label,
  count,
  selection,
}: {
  label: string;
  count: number;
  selection: () => CaptureRunSelection;
}) => {
  const translate = useTranslate();
  const [chosen, setChosen] = useState<CaptureRunSelection | null>(null);
  return (
    <>
      <Button
        label={translate(label, { smart_count: count })}
        onClick={() => setChosen(selection())}
        disabled={count === 0}
      >
        <PlaylistAddCheckIcon />
      </Button>
      {chosen ? (
        <Suspense fallback={null}>
          <CaptureRunDialog selection={chosen} onClose={() => setChosen(null)} />
        </Suspense>
      ) : null}
    </>
  );
};

/** A list's bulk action: "Capture N payments" — the selected ones, as a capture run. */
export const CaptureSelectedButton = () => {
  const { selectedIds } = useListContext();
  return (
    <RunButton
      label="paydesk.capture_runs.capture_selected"
      count={selectedIds.length}
      selection={() => ({ ids: selectedIds.map(Number) })}
    />
  );
};

/**
 * A list's action: "Capture all that match" — every authorization its filters match, as a capture run (the
 * preview says how many).
 */
export const CaptureAllMatchingButton = () => {
  const { filterValues, total } = useListContext();
  const { canAccess } = useCanAccess({ resource: 'capture-runs', action: 'create' });
  if (!canAccess) return null;
  return (
    <RunButton
      label="paydesk.capture_runs.capture_all"
      count={total ?? 0}
      selection={() => ({ filter: cleanFilter(filterValues) })}
    />
  );
};
