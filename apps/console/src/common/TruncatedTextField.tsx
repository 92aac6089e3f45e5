import Typography from '@mui/material/Typography';
import { useFieldValue, useTranslate } from 'react-admin';

export interface TruncatedTextFieldProps {
  source: string;
  label?: string | false;
  sortable?: boolean;
  /** Widest the column gets (px); longer text ends with "…" and shows whole on hover. */
  maxWidth?: number;
  emptyText?: string;
  monospace?: boolean;
}

/** Long text on one line in a list column: cut with an ellipsis, the whole text in the tooltip. */
export const TruncatedTextField = ({
  source,
  maxWidth = 240,
  emptyText,
  monospace = false,
}: TruncatedTextFieldProps) => {
  const value: unknown = useFieldValue({ source });
  const translate = useTranslate();
  const text =
    value === null || value === undefined || value === ''
      ? emptyText
        ? translate(emptyText, { _: emptyText })
        : ''
      : String(value);
  if (!text) return null;
  return (
    <Typography
      component="span"
      variant="body2"
      title={text}
      sx={{
        display: 'block',
        maxWidth,
        overflow: 'hidden',
        textOverflow: 'ellipsis',
        whiteSpace: 'nowrap',
        ...(monospace ? { fontFamily: 'monospace' } : {}),
      }}
    >
      {text}
    </Typography>
  );
};
