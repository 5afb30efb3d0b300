import { before, context, reading, workload } from './testContext';
import { staleSubpath } from './staleSubpath';

describe('stale-subpath', () => {
  it('reports subPath readers that started before the change', () => {
    const stale = reading({ startedAt: before(3600), readsVia: ['subPath'] });
    const [finding] = staleSubpath(
      context({
        secretChangedAt: '2024-05-01T11:50:00Z',
        workloads: [workload({ readings: [stale] })],
      }),
    );
    expect(finding).toMatchObject({
      rule: 'stale-subpath',
      severity: 'warning',
      message:
        '1 container of deployment/api started before Secret "db-credentials" last changed 10m ago (2024-05-01T11:50:00Z) and still sees the old files, because subPath mounts never update: restart it.',
      workloads: [{ pods: [stale] }],
    });
  });

  it.each([
    ['env readers', ['env', 'envFrom'] as const],
    ['whole-volume readers', ['volume'] as const],
  ])('ignores %s', (_label, readsVia) => {
    const w = workload({
      readings: [reading({ startedAt: before(3600), readsVia: [...readsVia] })],
    });
    expect(
      staleSubpath(context({ secretChangedAt: before(600), workloads: [w] })),
    ).toEqual([]);
  });

  it('follows the Reloader rule', () => {
    const w = workload({
      reloader: true,
      readings: [reading({ startedAt: before(3600), readsVia: ['subPath'] })],
    });
    expect(
      staleSubpath(context({ secretChangedAt: before(60), workloads: [w] }))[0]
        .severity,
    ).toBe('info');
    expect(
      staleSubpath(context({ secretChangedAt: before(600), workloads: [w] }))[0]
        .severity,
    ).toBe('warning');
  });

  it('ignores containers started after the change', () => {
    const w = workload({
      readings: [reading({ startedAt: before(10), readsVia: ['subPath'] })],
    });
    expect(
      staleSubpath(context({ secretChangedAt: before(600), workloads: [w] })),
    ).toEqual([]);
  });
});
