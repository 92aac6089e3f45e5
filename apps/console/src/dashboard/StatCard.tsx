import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { LinkBase } from 'react-admin';

export interface StatCardProps {
  title: string;
  value: ReactNode;
  detail?: ReactNode;
  /** Where a click leads (a list with its filter), if anywhere. */
  to?: string;
  loading?: boolean;
  color?: 'error' | 'success' | 'text.primary';
  /** A label for the value, for screen readers and tests. */
  label?: string;
}

/** One number with its title and a line of context; a link when `to` is given. */
export const StatCard = ({
  title,
  value,
  detail,
  to,
  loading = false,
  color = 'text.primary',
  label,
}: StatCardProps) => {
  const content = (
    <CardContent>
      <Typography variant="body2" color="text.secondary" component="h3">
        {title}
      </Typography>
      <Typography variant="h4" component="p" color={color} aria-label={label ?? title} sx={{ my: 0.5 }}>
        {loading ? <Skeleton width={80} /> : value}
      </Typography>
      {detail ? (
        <Typography variant="body2" color="text.secondary">
          {loading ? <Skeleton /> : detail}
        </Typography>
      ) : null}
    </CardContent>
  );
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      {to ? (
        <CardActionArea component={LinkBase} to={to} sx={{ height: '100%' }}>
          {content}
        </CardActionArea>
      ) : (
        content
      )}
    </Card>
  );
};
