import { DateField, type DateFieldProps } from 'react-admin';

const COMPACT: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
const PRECISE: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'medium' };

/**
 * A time in the staff member's locale: "Nov 21, 2026, 9:15 AM" in lists, with seconds on show pages
 * (`precise`), on one line.
 */
export const DateTimeField = ({ precise = false, ...props }: DateFieldProps & { precise?: boolean }) => (
  <DateField showTime options={precise ? PRECISE : COMPACT} {...props} sx={{ whiteSpace: 'nowrap', ...props.sx }} />
);
