import { signalApiRef, SignalApi } from '@backstage/plugin-signals-react';
import { TestApiProvider } from '@backstage/test-utils';
import { act, renderHook, waitFor } from '@testing-library/react';
import { EXTERNAL_SECRETS_SIGNAL_CHANNEL } from '@eso-health/plugin-external-secrets-common';
import { ReactNode } from 'react';
import { report } from '../__fixtures__/reports';
import { ExternalSecretsApi, externalSecretsApiRef } from '../api';
import { useOverview } from './useOverview';
import {
  DEFAULT_POLL_INTERVAL_MS,
  SIGNALS_POLL_INTERVAL_MS,
  useServiceReport,
} from './useServiceReport';

/** A signal API whose messages the test sends, like the signals plugin's WebSocket client. */
class FakeSignalApi implements SignalApi {
  private readonly listeners = new Map<string, Set<(m: any) => void>>();
  subscribe(channel: string, onMessage: (message: any) => void) {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(onMessage);
    return {
      unsubscribe: () => this.listeners.get(channel)?.delete(onMessage),
    };
  }
  send(channel: string, message: object) {
    this.listeners.get(channel)?.forEach(listener => listener(message));
  }
  subscribers(channel: string) {
    return this.listeners.get(channel)?.size ?? 0;
  }
}

function fakeApi() {
  return {
    getReport: jest.fn(async (entityRef: string) => report({ entityRef })),
    getOverview: jest.fn(),
  } as Partial<ExternalSecretsApi> as ExternalSecretsApi &
    Record<'getReport' | 'getOverview', jest.Mock>;
}

function wrapperWith(api: ExternalSecretsApi, signals?: SignalApi) {
  return ({ children }: { children?: ReactNode }) =>
    signals ? (
      <TestApiProvider
        apis={[
          [externalSecretsApiRef, api],
          [signalApiRef, signals],
        ]}
      >
        {children}
      </TestApiProvider>
    ) : (
      <TestApiProvider apis={[[externalSecretsApiRef, api]]}>
        {children}
      </TestApiProvider>
    );
}

describe('live updates of the report (useServiceReport)', () => {
  afterEach(() => jest.useRealTimers());

  it('refetches on each change signal and polls only slowly while signals are available', async () => {
    const api = fakeApi();
    const signals = new FakeSignalApi();
    jest.useFakeTimers();
    const { result } = renderHook(
      () => useServiceReport('component:default/orders'),
      { wrapper: wrapperWith(api, signals) },
    );
    await waitFor(() => expect(result.current.report).toBeDefined());
    expect(result.current.live).toBe(true);
    expect(api.getReport).toHaveBeenCalledTimes(1);
    expect(signals.subscribers(EXTERNAL_SECRETS_SIGNAL_CHANNEL)).toBe(1);

    act(() => signals.send(EXTERNAL_SECRETS_SIGNAL_CHANNEL, { revision: 7 }));
    await waitFor(() => expect(api.getReport).toHaveBeenCalledTimes(2));
    act(() => signals.send(EXTERNAL_SECRETS_SIGNAL_CHANNEL, { revision: 8 }));
    await waitFor(() => expect(api.getReport).toHaveBeenCalledTimes(3));

    // No 30 s poll with signals; the slow safety poll still runs.
    act(() => jest.advanceTimersByTime(DEFAULT_POLL_INTERVAL_MS * 2));
    expect(api.getReport).toHaveBeenCalledTimes(3);
    act(() => jest.advanceTimersByTime(SIGNALS_POLL_INTERVAL_MS));
    await waitFor(() => expect(api.getReport).toHaveBeenCalledTimes(4));
  });

  it('polls every 30 s when signals are not installed', async () => {
    const api = fakeApi();
    jest.useFakeTimers();
    const { result } = renderHook(
      () => useServiceReport('component:default/orders'),
      { wrapper: wrapperWith(api) },
    );
    await waitFor(() => expect(result.current.report).toBeDefined());
    expect(result.current.live).toBe(false);
    act(() => jest.advanceTimersByTime(DEFAULT_POLL_INTERVAL_MS));
    await waitFor(() => expect(api.getReport).toHaveBeenCalledTimes(2));
    act(() => jest.advanceTimersByTime(DEFAULT_POLL_INTERVAL_MS));
    await waitFor(() => expect(api.getReport).toHaveBeenCalledTimes(3));
  });

  it('unsubscribes when unmounted', async () => {
    const api = fakeApi();
    const signals = new FakeSignalApi();
    const { unmount } = renderHook(
      () => useServiceReport('component:default/orders'),
      { wrapper: wrapperWith(api, signals) },
    );
    await waitFor(() =>
      expect(signals.subscribers(EXTERNAL_SECRETS_SIGNAL_CHANNEL)).toBe(1),
    );
    unmount();
    expect(signals.subscribers(EXTERNAL_SECRETS_SIGNAL_CHANNEL)).toBe(0);
  });
});

describe('live updates of the overview (useOverview)', () => {
  afterEach(() => jest.useRealTimers());

  it('asks the table to reload its page on a change signal', async () => {
    const api = fakeApi();
    const signals = new FakeSignalApi();
    const refresh = jest.fn();
    const filters = {};
    const { result } = renderHook(() => useOverview(filters, { refresh }), {
      wrapper: wrapperWith(api, signals),
    });
    expect(result.current.live).toBe(true);
    expect(refresh).not.toHaveBeenCalled();
    act(() => signals.send(EXTERNAL_SECRETS_SIGNAL_CHANNEL, { revision: 1 }));
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('reloads every 30 s without signals', () => {
    const api = fakeApi();
    const refresh = jest.fn();
    const filters = {};
    jest.useFakeTimers();
    const { result } = renderHook(() => useOverview(filters, { refresh }), {
      wrapper: wrapperWith(api),
    });
    expect(result.current.live).toBe(false);
    act(() => jest.advanceTimersByTime(DEFAULT_POLL_INTERVAL_MS));
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});
