import Typography from '@mui/material/Typography';
import { SelectInput, useFieldValue, useTranslate, type SelectInputProps, type Validator } from 'react-admin';

/**
 * auto_capture: true (purchase), false (authorize only, payment waits in preauth), null (the store default).
 * Forms hold it as one of three strings, the record as true / false / null.
 */
type AutoCaptureOption = 'true' | 'false' | 'default';

export function autoCaptureLabelKey(value: boolean | null): string {
  if (value === true) return 'paydesk.auto_capture.yes';
  if (value === false) return 'paydesk.auto_capture.no';
  return 'paydesk.auto_capture.store_default';
}

export function formatAutoCapture(value: unknown): AutoCaptureOption {
  if (value === true) return 'true';
  if (value === false) return 'false';
  return 'default';
}

export function parseAutoCapture(option: unknown): boolean | null {
  if (option === 'true') return true;
  if (option === 'false') return false;
  return null;
}

export const autoCaptureChoices: { id: AutoCaptureOption; name: string }[] = [
  { id: 'true', name: 'paydesk.auto_capture.yes' },
  { id: 'false', name: 'paydesk.auto_capture.no' },
  { id: 'default', name: 'paydesk.auto_capture.store_default' },
];

/** "Yes" / "No" / "Store default" (null is a real value here: it defers to the store setting). */
export const AutoCaptureField = ({
  source = 'auto_capture',
}: {
  source?: string;
  label?: string;
  sortable?: boolean;
}) => {
  const value: unknown = useFieldValue({ source });
  const translate = useTranslate();
  if (value === undefined) return null;
  return (
    <Typography component="span" variant="body2" color={value === null ? 'text.secondary' : 'text.primary'}>
      {translate(autoCaptureLabelKey(value === true ? true : value === false ? false : null))}
    </Typography>
  );
};

// Every method has one of the three values: no "empty" option in the select.
const oneOfThree: Validator = Object.assign(() => undefined, { isRequired: true });

/** The three choices as a select; null is "Store default", never an empty field. */
export const AutoCaptureInput = (props: Omit<SelectInputProps, 'source' | 'choices'> & { source?: string }) => (
  <SelectInput
    source="auto_capture"
    choices={autoCaptureChoices}
    format={formatAutoCapture}
    parse={parseAutoCapture}
    validate={oneOfThree}
    defaultValue={null}
    {...props}
  />
);
