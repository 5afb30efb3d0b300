import { WorkloadKind } from '../types/findings';
import { reloaderExpected } from './reloader';

const deployment = (
  annotations?: Record<string, string>,
  templateAnnotations?: Record<string, string>,
) => ({
  kind: 'Deployment' as WorkloadKind,
  object: {
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'shop', annotations },
    spec: { template: { metadata: { annotations: templateAnnotations } } },
  },
});
const secret = (annotations?: Record<string, string>) => ({
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'shop', annotations },
});

describe('reloaderExpected', () => {
  it.each([
    ['auto true', { 'reloader.stakater.com/auto': 'true' }, undefined, true],
    [
      'auto True (Go ParseBool)',
      { 'reloader.stakater.com/auto': 'True' },
      undefined,
      true,
    ],
    ['auto false', { 'reloader.stakater.com/auto': 'false' }, undefined, false],
    [
      'secret auto true',
      { 'secret.reloader.stakater.com/auto': 'true' },
      undefined,
      true,
    ],
    [
      'secret auto false',
      { 'secret.reloader.stakater.com/auto': 'false' },
      undefined,
      false,
    ],
    [
      'reload names it',
      { 'secret.reloader.stakater.com/reload': 'cache, db ,other' },
      undefined,
      true,
    ],
    [
      'reload names others',
      { 'secret.reloader.stakater.com/reload': 'cache,db2' },
      undefined,
      false,
    ],
    [
      'reload regex',
      { 'secret.reloader.stakater.com/reload': 'd.*' },
      undefined,
      true,
    ],
    [
      'reload invalid regex',
      { 'secret.reloader.stakater.com/reload': '[' },
      undefined,
      false,
    ],
    [
      'reload regex with groups is literal',
      { 'secret.reloader.stakater.com/reload': '(d|x)b' },
      undefined,
      false,
    ],
    [
      'reload regex with many quantifiers is literal',
      { 'secret.reloader.stakater.com/reload': 'd*b*c*' },
      undefined,
      false,
    ],
    [
      'auto false but reload names it',
      {
        'reloader.stakater.com/auto': 'false',
        'secret.reloader.stakater.com/reload': 'db',
      },
      undefined,
      true,
    ],
    [
      'search + match',
      { 'reloader.stakater.com/search': 'true' },
      { 'reloader.stakater.com/match': 'true' },
      true,
    ],
    [
      'search without match',
      { 'reloader.stakater.com/search': 'true' },
      undefined,
      false,
    ],
    [
      'match without search',
      {},
      { 'reloader.stakater.com/match': 'true' },
      false,
    ],
    ['no annotations', undefined, undefined, false],
    [
      'Secret ignored',
      { 'reloader.stakater.com/auto': 'true' },
      { 'reloader.stakater.com/ignore': 'true' },
      false,
    ],
    [
      'Secret excluded by the workload',
      {
        'reloader.stakater.com/auto': 'true',
        'secrets.exclude.reloader.stakater.com/reload': 'db',
      },
      undefined,
      false,
    ],
  ])('%s → %s', (_label, workloadAnnotations, secretAnnotations, expected) => {
    expect(
      reloaderExpected(
        deployment(workloadAnnotations),
        'db',
        secret(secretAnnotations),
      ),
    ).toBe(expected);
  });

  it('reads the pod template annotations when the workload has none of its own', () => {
    expect(
      reloaderExpected(
        deployment({}, { 'reloader.stakater.com/auto': 'true' }),
        'db',
        secret(),
      ),
    ).toBe(true);
    // The workload's own annotations win over the template's.
    expect(
      reloaderExpected(
        deployment(
          { 'reloader.stakater.com/auto': 'false' },
          { 'reloader.stakater.com/auto': 'true' },
        ),
        'db',
        secret(),
      ),
    ).toBe(false);
  });

  it('reads the job template of a CronJob', () => {
    const cronJob = {
      kind: 'CronJob' as WorkloadKind,
      object: {
        metadata: { name: 'nightly' },
        spec: {
          jobTemplate: {
            spec: {
              template: {
                metadata: {
                  annotations: { 'reloader.stakater.com/auto': 'true' },
                },
              },
            },
          },
        },
      },
    };
    expect(reloaderExpected(cronJob, 'db', secret())).toBe(true);
  });

  // Reloader acts on StatefulSets and DaemonSets as on Deployments; it never restarts a Pod,
  // ReplicaSet or Job itself, whatever their annotations say.
  it.each([
    ['StatefulSet', true],
    ['DaemonSet', true],
    ['Pod', false],
    ['ReplicaSet', false],
    ['Job', false],
  ] as Array<[WorkloadKind, boolean]>)(
    'an auto-annotated %s expects Reloader: %s',
    (kind, expected) => {
      expect(
        reloaderExpected(
          {
            kind,
            object: {
              metadata: {
                annotations: { 'reloader.stakater.com/auto': 'true' },
              },
            },
          },
          'db',
          secret(),
        ),
      ).toBe(expected);
    },
  );

  it('cannot expect Reloader without the workload object', () => {
    expect(reloaderExpected({ kind: 'Deployment' }, 'db', secret())).toBe(
      false,
    );
    expect(
      reloaderExpected(
        { kind: 'Deployment', object: 'garbage' },
        'db',
        secret(),
      ),
    ).toBe(false);
  });

  it('works without the Secret object', () => {
    expect(
      reloaderExpected(
        deployment({ 'reloader.stakater.com/auto': 'true' }),
        'db',
        undefined,
      ),
    ).toBe(true);
  });
});
