import { Admin, CustomRoutes, reactRouterProvider, Resource } from 'react-admin';
import apiKeys from './api-keys/index.ts';
import auditEvents from './audit-events/index.ts';
import { authProvider } from './authProvider.ts';
import captureRuns from './capture-runs/index.ts';
import alertDeliveries from './alert-deliveries/index.ts';
import callbackDeliveries from './callback-deliveries/index.ts';
import { CAPTURE_QUEUE_PATH, CaptureQueuePage } from './capture-queue/index.tsx';
import { Dashboard } from './dashboard/Dashboard.tsx';
import { dataProvider } from './dataProvider.ts';
import fraudDecisions from './fraud-decisions/index.ts';
import fraudReviews from './fraud-reviews/index.ts';
import { i18nProvider } from './i18n/i18nProvider.ts';
import { Layout } from './layout/Layout.tsx';
import { theme } from './layout/theme.ts';
import logEntries from './log-entries/index.ts';
import { LoginPage } from './login/LoginPage.tsx';
import { NEEDS_ATTENTION_PATH, NeedsAttentionPage } from './needs-attention/index.ts';
import orders from './orders/index.ts';
import paymentMethods from './payment-methods/index.ts';
import payments from './payments/index.ts';
import products from './products/index.ts';
import refundReasons from './refund-reasons/index.ts';
import refundApprovals from './refund-approvals/index.ts';
import refunds from './refunds/index.ts';
import settings from './settings/index.ts';
import staffUsers from './staff-users/index.ts';

// The router react-admin runs on (its default): custom routes are its <Route> elements.
const { Route } = reactRouterProvider;

export const App = () => (
  <Admin
    title="Paydesk"
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    loginPage={LoginPage}
    layout={Layout}
    theme={theme}
    dashboard={Dashboard}
    requireAuth
    disableTelemetry
  >
    <Resource name="payments" {...payments} />
    <Resource name="capture-runs" {...captureRuns} />
    <Resource name="fraud-reviews" {...fraudReviews} />
    <Resource name="fraud-decisions" {...fraudDecisions} />
    <Resource name="orders" {...orders} />
    <Resource name="refunds" {...refunds} />
    <Resource name="refund-approvals" {...refundApprovals} />
    <Resource name="log-entries" {...logEntries} />
    <Resource name="callback-deliveries" {...callbackDeliveries} />
    <Resource name="callback-attempts" />
    <Resource name="monitoring/alert-deliveries" {...alertDeliveries} />
    <Resource name="saved-views" />
    <Resource name="payment-methods" {...paymentMethods} />
    <Resource name="products" {...products} />
    <Resource name="refund-reasons" {...refundReasons} />
    <Resource name="staff-users" {...staffUsers} />
    <Resource name="audit-events" {...auditEvents} />
    <Resource name="api-keys" {...apiKeys} />
    <Resource name="settings" {...settings} />
    <CustomRoutes>
      <Route path={CAPTURE_QUEUE_PATH} element={<CaptureQueuePage />} />
      <Route path={NEEDS_ATTENTION_PATH} element={<NeedsAttentionPage />} />
    </CustomRoutes>
  </Admin>
);

export default App;
