import { render } from '@testing-library/react';
import { vi } from 'vitest';
import type { ReactNode } from 'react';
import { AdminContext, HttpError, RecordContextProvider, testDataProvider, type AuthProvider, type DataProvider, type RaRecord } from 'react-admin';
import { i18nProvider } from '../i18n/i18nProvider.ts';

interface Options {
  record?: RaRecord;
  dataProvider?: DataProvider;
  authProvider?: AuthProvider;
  resource?: string;
}

/** Renders inside react-admin's context (router, theme, query client, the real English messages). */
export function renderInAdmin(ui: ReactNode, { record, dataProvider = testDataProvider(), authProvider }: Options = {}) {
  return render(
    <AdminContext dataProvider={dataProvider} authProvider={authProvider} i18nProvider={i18nProvider}>
      {record ? <RecordContextProvider value={record}>{ui}</RecordContextProvider> : ui}
    </AdminContext>,
  );
}

/** A fake `fetch` answer: the boundary the console talks through. */
export function jsonResponse(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { 'Content-Type': 'application/json', ...init.headers },
  });
}

/** react-admin logs every failed call in development; in tests that fail calls on purpose, those logs are noise. */
export function silenceExpectedFailures(): void {
  const log = console.error.bind(console);
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    if (args[0] instanceof HttpError || args[0] instanceof TypeError) return;
    log(...args);
  });
}
