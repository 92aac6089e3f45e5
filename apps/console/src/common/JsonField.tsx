import Box from '@mui/material/Box';
import { useFieldValue } from 'react-admin';

export interface JsonFieldProps {
  source: string;
  label?: string | false;
  sortable?: boolean;
  /** One line (lists) or pretty-printed (show pages). */
  compact?: boolean;
}

/** Any JSON value as text: pretty-printed in a <pre>, or on one line for list columns. */
export const JsonField = ({ source, compact = false }: JsonFieldProps) => {
  const value: unknown = useFieldValue({ source });
  if (value === undefined) return null;
  const text = JSON.stringify(value, null, compact ? undefined : 2) ?? '';
  return (
    <Box
      component={compact ? 'code' : 'pre'}
      sx={{
        m: 0,
        fontFamily: 'monospace',
        fontSize: compact ? '0.8125rem' : '0.8rem',
        whiteSpace: compact ? 'nowrap' : 'pre-wrap',
        wordBreak: 'break-word',
        ...(compact
          ? {
              display: 'inline-block',
              maxWidth: 480,
              overflow: 'hidden',
              textOverflow: 'ellipsis',
              verticalAlign: 'bottom',
            }
          : { p: 1.5, bgcolor: 'action.hover', borderRadius: 1, maxHeight: 480, overflow: 'auto' }),
      }}
    >
      {text}
    </Box>
  );
};
