import { context, esView } from './testContext';
import { targetMissing } from './targetMissing';

describe('target-missing', () => {
  it('reports a missing target Secret of a synced ExternalSecret', () => {
    expect(targetMissing(context({ targetSecret: undefined }))).toEqual([
      {
        rule: 'target-missing',
        severity: 'error',
        message:
          'Secret "db-credentials" does not exist although the ExternalSecret reports SecretSynced: ESO recreates the Secrets it creates within seconds, so its controller is probably down.',
        remedy:
          'Check that the external-secrets controller pods are running, then force a sync: kubectl annotate externalsecret payments-db -n payments force-sync=$(date +%s) --overwrite',
      },
    ]);
  });

  it('forces a sync through the ClusterExternalSecret that owns it', () => {
    const [finding] = targetMissing(
      context({
        targetSecret: undefined,
        es: esView({ clusterExternalSecret: 'shared-db' }),
      }),
    );
    expect(finding.remedy).toContain(
      'kubectl annotate clusterexternalsecret shared-db external-secrets.io/force-sync=$(date +%s) --overwrite',
    );
  });

  it.each(['Owner', 'Orphan'])(
    'fires for creationPolicy %s',
    creationPolicy => {
      expect(
        targetMissing(
          context({ targetSecret: undefined, es: esView({ creationPolicy }) }),
        ),
      ).toHaveLength(1);
    },
  );

  it.each([
    ['the Secret exists', {}, true],
    ['creationPolicy None', { creationPolicy: 'None' }, false],
    ['creationPolicy Merge', { creationPolicy: 'Merge' }, false],
    [
      'a non-Secret target',
      {
        targetName: null,
        targetManifest: { apiVersion: 'v1', kind: 'ConfigMap' },
      },
      false,
    ],
    [
      'Ready False',
      {
        ready: {
          status: 'False' as const,
          reason: 'SecretSyncedError',
          message: null,
          lastTransitionTime: null,
        },
      },
      false,
    ],
    [
      'reason SecretDeleted',
      {
        ready: {
          status: 'True' as const,
          reason: 'SecretDeleted',
          message: null,
          lastTransitionTime: null,
        },
      },
      false,
    ],
    [
      'reason SecretMissing',
      {
        ready: {
          status: 'True' as const,
          reason: 'SecretMissing',
          message: null,
          lastTransitionTime: null,
        },
      },
      false,
    ],
    ['no Ready condition', { ready: null }, false],
  ])('stays silent when %s', (_label, overrides, secretExists) => {
    const base = context();
    expect(
      targetMissing({
        ...base,
        es: esView(overrides),
        targetSecret: secretExists ? base.targetSecret : undefined,
      }),
    ).toEqual([]);
  });
});
