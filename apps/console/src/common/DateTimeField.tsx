import { DateField, type DateFieldProps } from 'react-admin';
import { DATE_TIME_OPTIONS, DATE_TIME_SECONDS_OPTIONS } from './datetime.ts';

/**
 * A time in the staff member's locale and time zone, the zone named: "Nov 21, 2026, 9:15 AM UTC" in lists, with
 * seconds on show pages (`precise`), on one line.
 */
export const DateTimeField = ({ precise = false, ...props }: DateFieldProps & { precise?: boolean }) => (
  <DateField
    showTime
    options={precise ? DATE_TIME_SECONDS_OPTIONS : DATE_TIME_OPTIONS}
    {...props}
    sx={{ whiteSpace: 'nowrap', ...props.sx }}
  />
);
