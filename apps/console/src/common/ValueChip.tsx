import Chip, { type ChipProps } from '@mui/material/Chip';
import { useFieldValue, useTranslate } from 'react-admin';

export interface ChipStyle {
  color: NonNullable<ChipProps['color']>;
  variant?: 'filled' | 'outlined';
}

/** Props a column takes in a Datagrid (label and sorting come from `source` unless given). */
export interface ChipFieldProps {
  source?: string;
  label?: string | false;
  sortable?: boolean;
  sortBy?: string;
  /** Values shown as an empty cell (e.g. fraud status "unknown" in lists: noise, not news). */
  hideValues?: readonly string[];
}

interface ValueChipProps {
  /** The raw value, e.g. "preauth". */
  value: string;
  /** i18n prefix: the label is `${labelPrefix}.${value}`. */
  labelPrefix: string;
  style: ChipStyle;
}

/** One coloured chip for an enumerated value; the label is translated, the value kept in data-value. */
export const ValueChip = ({ value, labelPrefix, style }: ValueChipProps) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      label={translate(`${labelPrefix}.${value}`)}
      color={style.color}
      variant={style.variant ?? 'filled'}
      data-value={value}
    />
  );
};

const FALLBACK: ChipStyle = { color: 'default', variant: 'outlined' };

/** A record field shown as a ValueChip, coloured by `styles`. Renders nothing when the value is empty. */
export function makeChoiceChip(defaultSource: string, labelPrefix: string, styles: Record<string, ChipStyle>) {
  // biome-ignore lint/correctness/noComponentHookFactories: called once per chip kind at module level, never in a render.
  const ChoiceChip = ({ source = defaultSource, hideValues }: ChipFieldProps) => {
    const value: unknown = useFieldValue({ source });
    if (typeof value !== 'string' || value === '' || hideValues?.includes(value)) return null;
    return <ValueChip value={value} labelPrefix={labelPrefix} style={styles[value] ?? FALLBACK} />;
  };
  return ChoiceChip;
}
