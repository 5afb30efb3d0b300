import { DEFAULT_THRESHOLDS } from './thresholds';
import { before, context, reading, workload } from './testContext';
import { staleEnv } from './staleEnv';

// The Secret changed 600 s before NOW in these tests.
const CHANGE = 600;
const grace = DEFAULT_THRESHOLDS.reloaderGraceSeconds;

describe('stale-env', () => {
  it.each([
    ['started just before the change', CHANGE + 1, true],
    ['started exactly at the change', CHANGE, false],
    ['started after the change', CHANGE - 1, false],
  ])('a container %s → %s', (_label, startedAgo, fires) => {
    const w = workload({
      readings: [reading({ startedAt: before(startedAgo) })],
    });
    expect(
      staleEnv(context({ secretChangedAt: before(CHANGE), workloads: [w] })),
    ).toHaveLength(fires ? 1 : 0);
  });

  it('words a Deployment with its restart command and only the stale containers', () => {
    const stale = reading({
      pod: 'api-1',
      container: 'app',
      startedAt: before(3600),
      readsVia: ['env'],
    });
    const fresh = reading({
      pod: 'api-2',
      container: 'app',
      startedAt: before(60),
      readsVia: ['env'],
    });
    const mounted = reading({
      pod: 'api-1',
      container: 'proxy',
      startedAt: before(3600),
      readsVia: ['volume'],
    });
    const [finding] = staleEnv(
      context({
        secretChangedAt: '2024-05-01T11:50:00Z',
        workloads: [workload({ readings: [stale, fresh, mounted] })],
      }),
    );
    expect(finding).toEqual({
      rule: 'stale-env',
      severity: 'warning',
      message:
        '1 container of deployment/api started before Secret "db-credentials" last changed 10m ago (2024-05-01T11:50:00Z) and still holds the old value in its environment: restart it.',
      remedy: 'kubectl rollout restart deployment/api -n payments',
      workloads: [
        {
          kind: 'Deployment',
          name: 'api',
          namespace: 'payments',
          reloader: false,
          pods: [stale],
          remedy: 'kubectl rollout restart deployment/api -n payments',
        },
      ],
    });
  });

  it('ignores containers that are not running', () => {
    const w = workload({ readings: [reading({ startedAt: null })] });
    expect(
      staleEnv(context({ secretChangedAt: before(CHANGE), workloads: [w] })),
    ).toEqual([]);
  });

  it('stays silent without a known change time', () => {
    expect(
      staleEnv(context({ secretChangedAt: null, workloads: [workload()] })),
    ).toEqual([]);
  });

  it.each([
    ['Deployment', 'kubectl rollout restart deployment/w -n payments'],
    ['StatefulSet', 'kubectl rollout restart statefulset/w -n payments'],
    ['DaemonSet', 'kubectl rollout restart daemonset/w -n payments'],
    [
      'CronJob',
      'The next scheduled run reads the new value; to rerun now: kubectl create job --from=cronjob/w w-rerun-$(date +%s) -n payments',
    ],
    [
      'Job',
      'Rerun the Job: kubectl delete job w -n payments, then apply its manifest again',
    ],
    [
      'ReplicaSet',
      'kubectl delete pod api-1 -n payments (the ReplicaSet recreates them)',
    ],
    [
      'Pod',
      'kubectl delete pod w -n payments, then create it again from its manifest (a bare Pod is not recreated)',
    ],
  ] as const)('gives the %s remedy', (kind, remedy) => {
    const [finding] = staleEnv(
      context({
        secretChangedAt: before(CHANGE),
        workloads: [workload({ kind, name: 'w' })],
      }),
    );
    expect(finding.workloads?.[0].remedy).toBe(remedy);
  });

  it('names the controller that recreates pods of unknown owners', () => {
    const [finding] = staleEnv(
      context({
        secretChangedAt: before(CHANGE),
        workloads: [
          workload({
            kind: 'Pod',
            name: 'p',
            controller: { kind: 'Node', name: 'node-1' },
          }),
          workload({
            kind: 'ReplicaSet',
            name: 'web-abc',
            controller: { kind: 'Rollout', name: 'web' },
          }),
        ],
      }),
    );
    expect(finding.workloads?.map(w => w.remedy)).toEqual([
      'kubectl delete pod p -n payments (its Node node-1 recreates it)',
      'kubectl delete pod api-1 -n payments (the Rollout web recreates them)',
    ]);
    expect(finding.workloads?.[0]).not.toHaveProperty('controller');
    expect(finding.message).toMatch(
      /^2 containers of pod\/p and replicaset\/web-abc started before/,
    );
    expect(finding.message).toMatch(/restart them\.$/);
  });

  describe('with Reloader', () => {
    const reloaded = workload({ reloader: true });
    it.each([
      ['just after the change', 1, 'info'],
      ['exactly at the grace', grace, 'info'],
      ['just over the grace', grace + 1, 'warning'],
    ])('%s → %s', (_label, sinceChange, severity) => {
      const [finding] = staleEnv(
        context({
          secretChangedAt: before(sinceChange),
          workloads: [reloaded],
        }),
      );
      expect(finding.severity).toBe(severity);
      expect(finding.workloads?.[0].reloader).toBe(true);
    });

    it('says Reloader should restart it soon within the grace', () => {
      const [finding] = staleEnv(
        context({
          secretChangedAt: '2024-05-01T11:58:00Z',
          workloads: [reloaded],
        }),
      );
      expect(finding.message).toBe(
        'Secret "db-credentials" last changed 2m ago (2024-05-01T11:58:00Z); Reloader should restart deployment/api soon.',
      );
      expect(finding.remedy).toBeUndefined();
    });

    it('says Reloader has not restarted it after the grace, with the command', () => {
      const [finding] = staleEnv(
        context({
          secretChangedAt: '2024-05-01T11:50:00Z',
          workloads: [reloaded],
        }),
      );
      expect(finding.message).toBe(
        'Reloader has not restarted deployment/api although Secret "db-credentials" last changed 10m ago (2024-05-01T11:50:00Z), more than 5m ago: check that Reloader is running and watches namespace payments, or restart it.',
      );
      expect(finding.remedy).toBe(
        'kubectl rollout restart deployment/api -n payments',
      );
    });

    it('uses the configured grace', () => {
      const thresholds = { ...DEFAULT_THRESHOLDS, reloaderGraceSeconds: 60 };
      const [finding] = staleEnv(
        context({
          secretChangedAt: before(120),
          workloads: [reloaded],
          thresholds,
        }),
      );
      expect(finding.severity).toBe('warning');
    });

    it('splits Reloader-managed and manual workloads into separate findings', () => {
      const findings = staleEnv(
        context({
          secretChangedAt: before(60),
          workloads: [reloaded, workload({ name: 'worker' })],
        }),
      );
      expect(
        findings.map(f => [f.severity, f.workloads?.map(w => w.name)]),
      ).toEqual([
        ['warning', ['worker']],
        ['info', ['api']],
      ]);
    });
  });
});
