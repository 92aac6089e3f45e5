import { response, type GatewayAdapter } from './gateway.ts';

/** Checks are paid offline: capture, void and refund are recorded by staff, with no gateway to call. */
export class CheckGateway implements GatewayAdapter {
  readonly callsGateway = false;
  private readonly offline = async () => response('success', 'Recorded without a gateway (offline payment)');
  authorize = this.offline;
  purchase = this.offline;
  capture = this.offline;
  void = this.offline;
  refund = this.offline;
  retrieve = this.offline;
}
