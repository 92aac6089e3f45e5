import { useFieldValue } from 'react-admin';
import { ValueChip, type ChipFieldProps } from '../common/ValueChip.tsx';

/** A gateway call's outcome: "Succeeded" green or "Failed" red. */
export const SuccessChip = ({ source = 'success' }: ChipFieldProps) => {
  const value: unknown = useFieldValue({ source });
  if (typeof value !== 'boolean') return null;
  return value ? (
    <ValueChip value="success" labelPrefix="paydesk.log_result" style={{ color: 'success', variant: 'outlined' }} />
  ) : (
    <ValueChip value="failure" labelPrefix="paydesk.log_result" style={{ color: 'error' }} />
  );
};
