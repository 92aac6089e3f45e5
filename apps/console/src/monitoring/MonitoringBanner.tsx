import { DrillDownNotice } from './DrillDownNotice.tsx';
import { SpikeAlertBanner } from './SpikeAlertBanner.tsx';

/** Monitoring's place at the top of every page: the spike alert, and what a drill-down list shows. */
export const MonitoringBanner = () => (
  <>
    <SpikeAlertBanner />
    <DrillDownNotice />
  </>
);
