import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlineOutlined';
import HourglassTopIcon from '@mui/icons-material/HourglassTop';
import PolicyIcon from '@mui/icons-material/Policy';
import SyncProblemIcon from '@mui/icons-material/SyncProblem';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { Title, useGetIdentity, useTranslate } from 'react-admin';
import { DashboardCard } from './DashboardCard.tsx';

/** The first page: what is waiting for staff, each a click away from the matching list. */
export const Dashboard = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="paydesk.dashboard.title" />
      <Typography variant="h5" component="h1" gutterBottom>
        {identity?.fullName
          ? translate('paydesk.dashboard.welcome_name', { name: identity.fullName })
          : translate('paydesk.dashboard.welcome')}
      </Typography>
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, gap: 2, maxWidth: 1100 }}>
        <DashboardCard
          resource="payments"
          filter={{ status: ['preauth'] }}
          title="paydesk.dashboard.preauth.title"
          description="paydesk.dashboard.preauth.description"
          icon={HourglassTopIcon}
        />
        <DashboardCard
          resource="fraud-reviews"
          filter={{}}
          title="paydesk.dashboard.fraud.title"
          description="paydesk.dashboard.fraud.description"
          icon={PolicyIcon}
        />
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
  );
};

export default Dashboard;
