import { response, type GatewayAdapter } from './gateway.ts';

/**
 * Payments settled outside any card gateway — checks, mobile operator billing: every event is recorded
 * by Paydesk itself, with no gateway to call.
 */
export class OfflineGateway implements GatewayAdapter {
  readonly callsGateway = false;
  readonly callDeadlineMs = 0;
  constructor(private readonly recorded: string) {}
  private readonly offline = async () => response('success', this.recorded);
  authorize = this.offline;
  purchase = this.offline;
  capture = this.offline;
  void = this.offline;
  refund = this.offline;
  retrieve = this.offline;
}
