import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useTranslate } from 'react-admin';
import { fetchDemoAccounts, type DemoAccount } from './demoAccounts.ts';

interface DemoAccountChipsProps {
  onPick: (email: string, password: string) => void;
}

/** Under the form, in demo mode only: one chip per demo staff member that fills email and password. */
export const DemoAccountChips = ({ onPick }: DemoAccountChipsProps) => {
  const translate = useTranslate();
  const { data } = useQuery({
    queryKey: ['paydesk', 'demo-accounts'],
    queryFn: fetchDemoAccounts,
    staleTime: Infinity,
    retry: false,
  });
  if (!data || data.accounts.length === 0) return null;
  const password = data.password ?? '';
  return (
    <Box component="section" aria-labelledby="demo-accounts-title" sx={{ px: 2, pb: 2 }}>
      <Divider sx={{ mb: 1.5 }} />
      <Typography id="demo-accounts-title" variant="subtitle2" component="h2">
        {translate('paydesk.login.demo_accounts')}
      </Typography>
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 1 }}>
        {translate('paydesk.login.demo_hint')}
      </Typography>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}>
        {data.accounts.map((account: DemoAccount) => (
          <Chip
            key={account.email}
            label={`${account.full_name} · ${translate(`paydesk.staff_role.${account.role}`, { _: account.role })}`}
            title={account.email}
            onClick={() => onPick(account.email, password)}
            variant="outlined"
            size="small"
          />
        ))}
      </Box>
    </Box>
  );
};
