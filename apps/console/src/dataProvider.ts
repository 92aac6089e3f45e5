import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider, GetListParams } from 'react-admin';
import { httpClient } from './api/httpClient.ts';
import { API_URL } from './api/session.ts';

export { httpClient };

/**
 * An empty "any of" list means the user cleared that filter, not "match nothing": drop it (and empty
 * strings) before the API sees it.
 */
export function cleanFilter(filter: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(filter ?? {}).filter(
      ([, value]) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0),
    ),
  );
}

const base = simpleRestProvider(API_URL, httpClient);

function withCleanFilter<P extends Pick<GetListParams, 'filter'>>(params: P): P {
  return { ...params, filter: cleanFilter(params.filter) };
}

/** ra-data-simple-rest on /api (api.md), with the CSRF-aware httpClient. */
export const dataProvider: DataProvider = {
  ...base,
  getList: (resource, params) => base.getList(resource, withCleanFilter(params)),
  getManyReference: (resource, params) => base.getManyReference(resource, withCleanFilter(params)),
};
