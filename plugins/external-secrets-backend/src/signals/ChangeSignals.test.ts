import { mockServices } from '@backstage/backend-test-utils';
import { SignalPayload } from '@backstage/plugin-signals-node';
import { ChangeSignals } from './ChangeSignals';

describe('ChangeSignals', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function create() {
    const published: SignalPayload[] = [];
    const signals = new ChangeSignals({
      signals: {
        publish: async (signal: SignalPayload<any>) => {
          published.push(signal);
        },
      },
      logger: mockServices.logger.mock(),
      intervalMs: 250,
      now: () => Date.now(),
    });
    return { signals, published };
  }

  it('publishes the first change at once and coalesces a burst into one trailing signal', () => {
    const { signals, published } = create();
    signals.changed();
    expect(published.map(p => p.message)).toEqual([{ revision: 1 }]);

    for (let i = 0; i < 50; i++) signals.changed();
    expect(published).toHaveLength(1);
    jest.advanceTimersByTime(250);
    expect(published.map(p => p.message)).toEqual([
      { revision: 1 },
      { revision: 51 },
    ]);
    expect(published[1]).toEqual({
      recipients: { type: 'broadcast' },
      channel: 'external-secrets',
      message: { revision: 51 },
    });
  });

  it('publishes nothing after stop', () => {
    const { signals, published } = create();
    signals.changed();
    signals.changed();
    signals.stop();
    jest.advanceTimersByTime(1000);
    signals.changed();
    expect(published).toHaveLength(1);
  });
});
