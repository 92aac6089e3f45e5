import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';

/** A quiet "nothing here" line, e.g. for a payment without refunds. */
export const Empty = ({ message }: { message: string }) => {
  const translate = useTranslate();
  return (
    <Typography variant="body2" color="text.secondary" sx={{ py: 1 }}>
      {translate(message)}
    </Typography>
  );
};
