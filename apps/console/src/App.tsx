import { Admin, Resource } from 'react-admin';
import auditEvents from './audit-events/index.ts';
import { authProvider } from './authProvider.ts';
import { Dashboard } from './dashboard/Dashboard.tsx';
import { dataProvider } from './dataProvider.ts';
import fraudReviews from './fraud-reviews/index.ts';
import { i18nProvider } from './i18n/i18nProvider.ts';
import { Layout } from './layout/Layout.tsx';
import logEntries from './log-entries/index.ts';
import { LoginPage } from './login/LoginPage.tsx';
import orders from './orders/index.ts';
import paymentMethods from './payment-methods/index.ts';
import payments from './payments/index.ts';
import refundReasons from './refund-reasons/index.ts';
import refunds from './refunds/index.ts';
import settings from './settings/index.ts';
import staffUsers from './staff-users/index.ts';

export const App = () => (
  <Admin
    title="Paydesk"
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    loginPage={LoginPage}
    layout={Layout}
    dashboard={Dashboard}
    requireAuth
    disableTelemetry
  >
    <Resource name="payments" {...payments} />
    <Resource name="fraud-reviews" {...fraudReviews} />
    <Resource name="orders" {...orders} />
    <Resource name="refunds" {...refunds} />
    <Resource name="log-entries" {...logEntries} />
    <Resource name="payment-methods" {...paymentMethods} />
    <Resource name="refund-reasons" {...refundReasons} />
    <Resource name="staff-users" {...staffUsers} />
    <Resource name="audit-events" {...auditEvents} />
    <Resource name="settings" {...settings} />
  </Admin>
);

export default App;
