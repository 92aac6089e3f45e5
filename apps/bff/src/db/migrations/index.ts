import type { Migration } from 'kysely';
import * as schema from './0001_schema.ts';
import * as paymentCommands from './0002_payment_commands.ts';
import * as fraudReviews from './0003_fraud_reviews.ts';
import * as staffSecurity from './0004_staff_security.ts';
import * as gatewayOperations from './0006_gateway_operations.ts';
import * as intakeAndJobs from './0007_intake_and_jobs.ts';
import * as monitoring from './0008_monitoring.ts';
import * as listPerformance from './0009_list_performance.ts';
import * as idempotencyDeadline from './0015_idempotency_deadline.ts';
import * as jobReceivers from './0016_job_receivers.ts';
import * as appRole from './0017_app_role.ts';
import * as rateLimits from './0020_rate_limits.ts';
import * as transactionsApi from './0030_transactions_api.ts';
import * as callbackResourceUri from './0031_callback_resource_uri.ts';
import * as captureRuns from './0035_capture_runs.ts';
import * as stateMachine from './0060_state_machine.ts';
import * as gatewayWebhooks from './0061_gateway_webhooks.ts';
import * as carrierBilling from './0080_carrier_billing.ts';
import * as callDeadlines from './0081_call_deadlines.ts';
import * as monitoringSignals from './0090_monitoring_signals.ts';
import * as settingChanges from './0091_setting_changes.ts';
import * as paymentDisputes from './0095_payment_disputes.ts';
import * as listSearch from './0096_list_search.ts';
import * as dashboardIndexes from './0097_dashboard_indexes.ts';
import * as savedViews from './0100_saved_views.ts';
import * as monitoringTotals from './0101_monitoring_totals.ts';
import * as monitoringAtCommit from './0130_monitoring_at_commit.ts';
import * as spikeEpisodeMethods from './0140_spike_episode_methods.ts';

/** Every migration, in order of its name. Forward-only: add a new file, never edit or remove one. */
export const migrations: Record<string, Migration> = {
  '0001_schema': schema,
  '0002_payment_commands': paymentCommands,
  '0003_fraud_reviews': fraudReviews,
  '0004_staff_security': staffSecurity,
  '0006_gateway_operations': gatewayOperations,
  '0007_intake_and_jobs': intakeAndJobs,
  '0008_monitoring': monitoring,
  '0009_list_performance': listPerformance,
  '0015_idempotency_deadline': idempotencyDeadline,
  '0016_job_receivers': jobReceivers,
  '0017_app_role': appRole,
  '0020_rate_limits': rateLimits,
  '0030_transactions_api': transactionsApi,
  '0031_callback_resource_uri': callbackResourceUri,
  '0035_capture_runs': captureRuns,
  '0060_state_machine': stateMachine,
  '0061_gateway_webhooks': gatewayWebhooks,
  '0080_carrier_billing': carrierBilling,
  '0081_call_deadlines': callDeadlines,
  '0090_monitoring_signals': monitoringSignals,
  '0091_setting_changes': settingChanges,
  '0095_payment_disputes': paymentDisputes,
  '0096_list_search': listSearch,
  '0097_dashboard_indexes': dashboardIndexes,
  '0100_saved_views': savedViews,
  '0101_monitoring_totals': monitoringTotals,
  '0130_monitoring_at_commit': monitoringAtCommit,
  '0140_spike_episode_methods': spikeEpisodeMethods,
};
