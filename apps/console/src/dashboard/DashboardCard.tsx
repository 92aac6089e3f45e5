import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import type { ComponentType } from 'react';
import { LinkBase, useGetList, useTranslate } from 'react-admin';

export interface DashboardCardProps {
  resource: string;
  filter: Record<string, unknown>;
  title: string;
  description: string;
  icon: ComponentType<{ fontSize?: 'large'; color?: 'action' }>;
  /** Red when there is something to look at. */
  alarming?: boolean;
}

/** The list URL with the filter already applied, as react-admin reads it from the location. */
export function listPath(resource: string, filter: Record<string, unknown>): string {
  return `/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}`;
}

/** One count and a link to the list it comes from; the count is the list's total (one row fetched). */
export const DashboardCard = ({
  resource,
  filter,
  title,
  description,
  icon: Icon,
  alarming = false,
}: DashboardCardProps) => {
  const translate = useTranslate();
  const { total, isPending, error } = useGetList(resource, {
    filter,
    pagination: { page: 1, perPage: 1 },
    sort: { field: 'created_at', order: 'DESC' },
  });
  const count = error ? '—' : String(total ?? 0);
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardActionArea component={LinkBase} to={listPath(resource, filter)} sx={{ height: '100%' }}>
        <CardContent sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }}>
          <Icon fontSize="large" color="action" />
          <Box sx={{ flex: 1 }}>
            <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
              {translate(title)}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {translate(description)}
            </Typography>
          </Box>
          <Typography
            variant="h4"
            component="p"
            color={alarming && total ? 'error' : 'text.primary'}
            aria-label={translate(title)}
          >
            {isPending ? <Skeleton width={40} /> : count}
          </Typography>
        </CardContent>
      </CardActionArea>
    </Card>
  );
};
