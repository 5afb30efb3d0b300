import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  renderInTestApp,
  TestApiProvider,
  TestAppOptions,
} from '@backstage/test-utils';
import { SyncResponse } from '@eso-health/plugin-external-secrets-common';
import { act, RenderResult } from '@testing-library/react';
import { ReactElement } from 'react';
import { ExternalSecretsApi, externalSecretsApiRef } from '../api';
import { permissionApiStub } from '../__fixtures__/permissions';
import { history, overview, report } from '../__fixtures__/reports';
import { findingsOverTime, timeline } from '../__fixtures__/timeline';

/** What the backend answers to "Sync now" of payments-db in prod-eu. */
export function syncResponse(): SyncResponse {
  return {
    cluster: 'prod-eu',
    namespace: 'payments',
    name: 'payments-db',
    annotated: {
      kind: 'ExternalSecret',
      name: 'payments-db',
      namespace: 'payments',
    },
    annotation: 'force-sync',
    requestedAt: new Date().toISOString(),
  };
}

/** A backend client of jest mocks, so tests can both stub and inspect each call. */
export type FakeExternalSecretsApi = ExternalSecretsApi &
  Record<keyof ExternalSecretsApi, jest.Mock>;

/** A backend client that answers every call with the fixtures; `overrides` replace methods. */
export function fakeApi(
  overrides: Partial<Record<keyof ExternalSecretsApi, jest.Mock>> = {},
): FakeExternalSecretsApi {
  return {
    getReport: jest.fn().mockResolvedValue(report()),
    getOverview: jest.fn().mockResolvedValue(overview()),
    sync: jest.fn().mockResolvedValue(syncResponse()),
    getHistory: jest.fn().mockResolvedValue(history()),
    getTimeline: jest.fn().mockResolvedValue(timeline()),
    getFindingsOverTime: jest.fn().mockResolvedValue(findingsOverTime()),
    ...overrides,
  };
}

/**
 * Renders `element` in a test app with the backend client `api` and a permission API that
 * allows everything, or denies everything with `canSync: false`. `rerender` keeps both.
 */
export async function renderWithApis(
  element: ReactElement,
  options: {
    api?: ExternalSecretsApi;
    canSync?: boolean;
    mountedRoutes?: TestAppOptions['mountedRoutes'];
  } = {},
): Promise<
  Omit<RenderResult, 'rerender'> & {
    rerender: (next: ReactElement) => void;
    authorize: jest.Mock;
  }
> {
  const api = options.api ?? fakeApi();
  const permission = permissionApiStub(options.canSync !== false);
  const withApis = (child: ReactElement) => (
    <TestApiProvider
      apis={[
        [externalSecretsApiRef, api],
        [permissionApiRef, permission],
      ]}
    >
      {child}
    </TestApiProvider>
  );
  const rendered = await renderInTestApp(withApis(element), {
    mountedRoutes: options.mountedRoutes,
  });
  return {
    ...rendered,
    rerender: (next: ReactElement) => rendered.rerender(withApis(next)),
    authorize: permission.authorize,
  };
}

/** Lets pending promises and effects settle, e.g. before saying a call was not made. */
export const settle = () =>
  act(() => new Promise(resolve => setTimeout(resolve, 20)));
