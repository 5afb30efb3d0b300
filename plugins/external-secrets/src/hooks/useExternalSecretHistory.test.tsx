import { TestApiProvider } from '@backstage/test-utils';
import { renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { fakeApi, settle } from '../__testUtils__/apis';
import { history, historyEvent, minutesAgo } from '../__fixtures__/reports';
import { ExternalSecretsApi, externalSecretsApiRef } from '../api';
import {
  ExternalSecretHistoryOptions,
  HISTORY_LIMIT,
  newestFirst,
  useExternalSecretHistory,
} from './useExternalSecretHistory';

const target = {
  cluster: 'prod-eu',
  namespace: 'payments',
  name: 'payments-db',
};

/** A backend whose history answers come from `getHistory`. */
const historyApi = (getHistory: ExternalSecretsApi['getHistory']) =>
  fakeApi({ getHistory: jest.fn(getHistory) });

function renderHistoryHook(
  api: ExternalSecretsApi,
  initialProps: ExternalSecretHistoryOptions,
) {
  const wrapper = ({ children }: { children?: ReactNode }) => (
    <TestApiProvider apis={[[externalSecretsApiRef, api]]}>
      {children}
    </TestApiProvider>
  );
  return renderHook(
    (options: ExternalSecretHistoryOptions) =>
      useExternalSecretHistory(target, options),
    { wrapper, initialProps },
  );
}

describe('useExternalSecretHistory', () => {
  it('fetches nothing until enabled, then the last 10 events of the ExternalSecret', async () => {
    const api = historyApi(async () => history());
    const { result, rerender } = renderHistoryHook(api, { enabled: false });
    await settle();
    expect(api.getHistory).not.toHaveBeenCalled();
    expect(result.current.loading).toBe(false);
    expect(result.current.events).toBeUndefined();

    rerender({ enabled: true });

    await waitFor(() => expect(result.current.events).toHaveLength(4));
    expect(api.getHistory).toHaveBeenCalledTimes(1);
    expect(api.getHistory).toHaveBeenCalledWith({
      ...target,
      limit: HISTORY_LIMIT,
    });
    expect(HISTORY_LIMIT).toBe(10);
    expect(result.current.events!.map(e => e.type)).toEqual([
      'synced',
      'sync-requested',
      'secret-changed',
      'health-changed',
    ]);
  });

  it('keeps at most `limit` events, newest first', async () => {
    const items = Array.from({ length: 15 }, (_, i) =>
      historyEvent({ at: minutesAgo(100 - i), detail: `event ${i}` }),
    );
    const api = historyApi(async () => ({ items }));
    const { result } = renderHistoryHook(api, { enabled: true });
    await waitFor(() => expect(result.current.events).toBeDefined());
    expect(result.current.events!.map(e => e.detail)).toEqual(
      [14, 13, 12, 11, 10, 9, 8, 7, 6, 5].map(i => `event ${i}`),
    );
  });

  it('reloads when the refresh key changes, keeping the events meanwhile', async () => {
    const api = historyApi(async () => history());
    const { result, rerender } = renderHistoryHook(api, {
      enabled: true,
      refreshKey: 0,
    });
    await waitFor(() => expect(result.current.events).toHaveLength(4));

    rerender({ enabled: true, refreshKey: 1 });

    await waitFor(() => expect(api.getHistory).toHaveBeenCalledTimes(2));
    expect(result.current.events).toHaveLength(4);
  });

  it('reports a failure without events', async () => {
    const api = historyApi(async () => {
      throw new Error('boom');
    });
    const { result } = renderHistoryHook(api, { enabled: true });
    await waitFor(() => expect(result.current.error?.message).toBe('boom'));
    expect(result.current.events).toBeUndefined();
    expect(result.current.loading).toBe(false);
  });
});

describe('newestFirst', () => {
  it('sorts by time, keeps the order of equal times and puts bad times last', () => {
    const events = [
      historyEvent({ at: 'not a time', detail: 'bad' }),
      historyEvent({ at: '2026-03-01T10:00:00Z', detail: 'a' }),
      historyEvent({ at: '2026-03-01T12:00:00Z', detail: 'b' }),
      historyEvent({ at: '2026-03-01T10:00:00Z', detail: 'c' }),
    ];
    expect(newestFirst(events).map(e => e.detail)).toEqual([
      'b',
      'a',
      'c',
      'bad',
    ]);
  });
});
