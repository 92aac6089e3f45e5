import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlineOutlined';
import HourglassTopIcon from '@mui/icons-material/HourglassTop';
import SyncProblemIcon from '@mui/icons-material/SyncProblem';
import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { lazy, Suspense } from 'react';
import { Title, useGetIdentity, useTranslate } from 'react-admin';
import { QueueHealthCard } from '../fraud-reviews/index.ts';
import { DashboardCard } from './DashboardCard.tsx';
import { MoneyToday } from './MoneyToday.tsx';

/** Monitoring (its tables, and the chart library after it) is loaded with the dashboard, not with the login page. */
const FailureMonitor = lazy(() => import('./FailureMonitor.tsx'));

/**
 * The first page, kept open all day: the money of the day, failed-order spike monitoring, then what is waiting
 * for staff, each a click away from the matching list.
 */
export const Dashboard = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  return (
    <Box sx={{ mt: 2, mb: 4, display: 'flex', flexDirection: 'column', gap: 3, maxWidth: 1400 }}>
      <Title title="paydesk.dashboard.title" />
      <Typography variant="h5" component="h1">
        {identity?.fullName
          ? translate('paydesk.dashboard.welcome_name', { name: identity.fullName })
          : translate('paydesk.dashboard.welcome')}
      </Typography>
      <MoneyToday />
      <Suspense fallback={<Skeleton variant="rounded" height={480} />}>
        <FailureMonitor />
      </Suspense>
      <Box component="section" aria-labelledby="work-queues-title">
        <Typography variant="h6" component="h2" id="work-queues-title" gutterBottom>
          {translate('paydesk.dashboard.queues')}
        </Typography>
        <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, gap: 2 }}>
          <DashboardCard
            resource="payments"
            filter={{ status: ['preauth'] }}
            title="paydesk.dashboard.preauth.title"
            description="paydesk.dashboard.preauth.description"
            icon={HourglassTopIcon}
          />
          <Box sx={{ gridColumn: '1 / -1' }}>
            <QueueHealthCard />
          </Box>
          <DashboardCard
            resource="log-entries"
            filter={{ success: false }}
            title="paydesk.dashboard.failed.title"
            description="paydesk.dashboard.failed.description"
            icon={ErrorOutlineIcon}
            alarming
          />
          <DashboardCard
            resource="payments"
            filter={{ status: ['error'] }}
            title="paydesk.dashboard.errors.title"
            description="paydesk.dashboard.errors.description"
            icon={SyncProblemIcon}
            alarming
          />
        </Box>
      </Box>
    </Box>
  );
};

export default Dashboard;
