import type { ReactNode } from 'react';
import { Layout as RaLayout } from 'react-admin';
import { MonitoringBanner } from '../monitoring/MonitoringBanner.tsx';
import { AppBar } from './AppBar.tsx';
import { Menu } from './Menu.tsx';

/**
 * react-admin's layout, with one fix: the content column may shrink below its widest table, so wide
 * Datagrids scroll sideways inside their card instead of pushing the page (and its filters) off screen.
 */
export const Layout = ({ children }: { children: ReactNode }) => (
  <RaLayout
    menu={Menu}
    appBar={AppBar}
    sx={{ minWidth: 0, '& .RaLayout-content, & .RaList-main, & .RaShow-main': { minWidth: 0 } }}
  >
    {/* A failed-order spike is announced on every page. */}
    <MonitoringBanner />
    {children}
  </RaLayout>
);
