import { DEFAULT_THRESHOLDS } from './thresholds';
import { before, context, reading, workload } from './testContext';
import { volumePropagating } from './volumePropagating';

const window = DEFAULT_THRESHOLDS.volumePropagationSeconds;
const mounted = (startedAgo = 3600) =>
  workload({
    readings: [
      reading({ startedAt: before(startedAgo), readsVia: ['volume'] }),
    ],
  });

describe('volume-propagating', () => {
  it.each([
    ['just changed', 1, true],
    ['just under the window', window - 1, true],
    ['exactly at the window', window, false],
    ['just over the window', window + 1, false],
  ])('change %s → %s', (_label, sinceChange, fires) => {
    expect(
      volumePropagating(
        context({
          secretChangedAt: before(sinceChange),
          workloads: [mounted()],
        }),
      ),
    ).toHaveLength(fires ? 1 : 0);
  });

  it('words the finding', () => {
    const [finding] = volumePropagating(
      context({
        secretChangedAt: '2024-05-01T11:59:30Z',
        workloads: [mounted()],
      }),
    );
    expect(finding).toMatchObject({
      rule: 'volume-propagating',
      severity: 'info',
      message:
        'Secret "db-credentials" changed 30s ago; the kubelet may not have refreshed the files mounted in deployment/api yet (allow up to 2m).',
      workloads: [{ kind: 'Deployment', name: 'api', reloader: false }],
    });
  });

  it('ignores containers started after the change, subPath and env readers', () => {
    const others = workload({
      readings: [
        reading({ startedAt: before(3600), readsVia: ['subPath'] }),
        reading({ startedAt: before(3600), readsVia: ['envFrom'] }),
      ],
    });
    expect(
      volumePropagating(
        context({
          secretChangedAt: before(30),
          workloads: [mounted(10), others],
        }),
      ),
    ).toEqual([]);
  });

  it('uses the configured window', () => {
    const thresholds = { ...DEFAULT_THRESHOLDS, volumePropagationSeconds: 600 };
    expect(
      volumePropagating(
        context({
          secretChangedAt: before(300),
          workloads: [mounted()],
          thresholds,
        }),
      ),
    ).toHaveLength(1);
  });
});
