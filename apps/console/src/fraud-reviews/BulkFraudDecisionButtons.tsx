import BlockIcon from '@mui/icons-material/Block';
import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutlineOutlined';
import { Button, useListContext } from 'react-admin';
import type { FraudDecisionKind, FraudReview } from '../types.ts';
import { useOpenBulkDecision } from './bulkDecision.ts';

/** "Accept selected" / "Reject selected": one note for all, then a result per payment. */
export const BulkFraudDecisionButtons = () => {
  const { selectedIds, data, onUnselectItems } = useListContext<FraudReview>();
  const open = useOpenBulkDecision();
  const start = (decision: FraudDecisionKind) =>
    open({ decision, ids: [...selectedIds], records: data ?? [], unselect: () => onUnselectItems() });
  return (
    <>
      <Button
        label="paydesk.fraud_bulk.accept.button"
        color="success"
        onClick={() => start('accept')}
        disabled={selectedIds.length === 0}
      >
        <CheckCircleOutlineIcon />
      </Button>
      <Button
        label="paydesk.fraud_bulk.reject.button"
        color="error"
        onClick={() => start('reject')}
        disabled={selectedIds.length === 0}
      >
        <BlockIcon />
      </Button>
    </>
  );
};
