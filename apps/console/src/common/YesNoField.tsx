import Typography from '@mui/material/Typography';
import { useFieldValue, useTranslate } from 'react-admin';

export interface YesNoFieldProps {
  source: string;
  label?: string | false;
  sortable?: boolean;
}

/** A boolean as the words "Yes" / "No" (readable in lists, unlike a bare icon). */
export const YesNoField = ({ source }: YesNoFieldProps) => {
  const value: unknown = useFieldValue({ source });
  const translate = useTranslate();
  if (typeof value !== 'boolean') return null;
  return (
    <Typography component="span" variant="body2" color={value ? 'text.primary' : 'text.secondary'}>
      {translate(value ? 'paydesk.boolean.yes' : 'paydesk.boolean.no')}
    </Typography>
  );
};
