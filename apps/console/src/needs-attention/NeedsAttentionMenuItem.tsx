import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import Badge from '@mui/material/Badge';
import { Menu } from 'react-admin';
import { NEEDS_ATTENTION_PATH, totalOf } from './attention.ts';
import { useNeedsAttention } from './useNeedsAttention.ts';

/** "Needs attention", with how many things wait (hidden at 0). */
export const NeedsAttentionMenuItem = () => {
  const { data } = useNeedsAttention();
  const total = totalOf(data);
  return (
    <Menu.Item
      to={NEEDS_ATTENTION_PATH}
      primaryText="paydesk.needs_attention.menu"
      leftIcon={
        <Badge badgeContent={total} color="error" max={99} data-testid="needs-attention-badge">
          <ReportProblemIcon />
        </Badge>
      }
    />
  );
};
