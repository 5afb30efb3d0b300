import { SecretStoreView } from '../../kubernetes/readSecretStore';
import { ProviderMetadata } from '../../types/provider';
import { indexProviderMetadata } from '../indexProviders';

const arn = (name: string, region = 'eu-west-1', account = '111122223333') =>
  `arn:aws:ssm:${region}:${account}:parameter/${name.replace(/^\//, '')}`;

const metadata: ProviderMetadata = {
  'aws-parameter-store/default/eu-west-1': {
    provider: 'aws-parameter-store',
    region: 'eu-west-1',
    namePrefixes: ['/payments/'],
    refreshedAt: '2024-05-01T11:00:00Z',
    secrets: [
      {
        provider: 'aws-parameter-store',
        region: 'eu-west-1',
        name: '/payments/db',
        arn: arn('/payments/db'),
        lastChangedDate: '2024-05-01T10:00:00Z',
        currentVersionCreatedDate: '2024-05-01T10:00:00Z',
        currentVersion: 3,
      },
    ],
  },
  // A Secrets Manager listing of the same region never answers for Parameter Store.
  'aws/default/eu-west-1': {
    provider: 'aws',
    region: 'eu-west-1',
    refreshedAt: '2024-05-01T11:00:00Z',
    secrets: [],
  },
};

function store(aws: Record<string, unknown>): SecretStoreView {
  return {
    kind: 'SecretStore',
    name: 'ssm',
    namespace: 'payments',
    ready: null,
    provider: 'aws',
    providerSpec: { aws },
  };
}

describe('AWS Parameter Store keys', () => {
  const index = indexProviderMetadata(metadata);
  const ssm = store({ service: 'ParameterStore', region: 'eu-west-1' });

  it('serves ParameterStore stores only', () => {
    expect(index.forStore(ssm)?.provider.id).toBe('aws-parameter-store');
    expect(index.forStore(ssm)?.location).toBe(
      'AWS Parameter Store (eu-west-1)',
    );
    expect(
      index.forStore(store({ service: 'SecretsManager', region: 'eu-west-1' }))
        ?.provider.id,
    ).toBe('aws');
  });

  it('finds a parameter by name, by ARN and after the store prefix', () => {
    expect(index.forStore(ssm)!.resolve('/payments/db').status).toBe('found');
    expect(index.forStore(ssm)!.resolve(arn('/payments/db')).status).toBe(
      'found',
    );
    const prefixed = store({
      service: 'ParameterStore',
      region: 'eu-west-1',
      prefix: '/payments/',
    });
    expect(index.forStore(prefixed)!.resolve('db').status).toBe('found');
  });

  it('is absent inside the listed prefixes and not loaded outside them', () => {
    expect(index.forStore(ssm)!.resolve('/payments/none').status).toBe(
      'absent',
    );
    expect(index.forStore(ssm)!.resolve('/ledger/db').status).toBe(
      'not-loaded',
    );
    expect(
      index
        .forStore(store({ service: 'ParameterStore', region: 'us-east-1' }))!
        .resolve('/payments/db').status,
    ).toBe('not-loaded');
  });
});
