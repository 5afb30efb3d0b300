import { SecretStoreView } from '../kubernetes/readSecretStore';
import { context } from './testContext';
import { storeNotReady } from './storeNotReady';

const store = (
  ready: SecretStoreView['ready'],
  kind: SecretStoreView['kind'] = 'SecretStore',
): SecretStoreView => ({
  kind,
  name: 'aws',
  namespace: kind === 'SecretStore' ? 'payments' : null,
  ready,
  provider: 'aws',
  providerSpec: { aws: {} },
});

describe('store-not-ready', () => {
  it('reports a store whose Ready is False', () => {
    expect(
      storeNotReady(
        context({
          store: store({
            status: 'False',
            reason: 'InvalidProviderConfig',
            message: 'unable to validate store',
            lastTransitionTime: null,
          }),
        }),
      ),
    ).toEqual([
      {
        rule: 'store-not-ready',
        severity: 'error',
        message:
          'SecretStore "aws" is not ready (InvalidProviderConfig: unable to validate store), so no ExternalSecret can sync from it.',
        remedy:
          'Run kubectl describe secretstore aws -n payments and fix its provider configuration or credentials.',
      },
    ]);
  });

  it('words a ClusterSecretStore without namespace', () => {
    const [finding] = storeNotReady(
      context({
        store: store(
          {
            status: 'False',
            reason: null,
            message: null,
            lastTransitionTime: null,
          },
          'ClusterSecretStore',
        ),
      }),
    );
    expect(finding.message).toBe(
      'ClusterSecretStore "aws" is not ready, so no ExternalSecret can sync from it.',
    );
    expect(finding.remedy).toBe(
      'Run kubectl describe clustersecretstore aws and fix its provider configuration or credentials.',
    );
  });

  it.each([
    [
      'ready',
      {
        status: 'True',
        reason: 'Valid',
        message: null,
        lastTransitionTime: null,
      },
    ],
    [
      'ValidationUnknown (Ready True)',
      {
        status: 'True',
        reason: 'ValidationUnknown',
        message: null,
        lastTransitionTime: null,
      },
    ],
    [
      'Unknown',
      {
        status: 'Unknown',
        reason: null,
        message: null,
        lastTransitionTime: null,
      },
    ],
    ['without condition', null],
  ] as const)('stays silent for a store %s', (_label, ready) => {
    expect(storeNotReady(context({ store: store(ready) }))).toEqual([]);
  });

  it('stays silent for a missing store', () => {
    expect(storeNotReady(context({ store: undefined }))).toEqual([]);
  });
});
