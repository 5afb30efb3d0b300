import { fieldMessages } from '../__testUtils__/fieldMessages';
import { validExternalSecret } from '../__testUtils__/pipelineFixtures';
import {
  checkExternalSecret,
  checkVersionsAgree,
  remoteKeysOf,
  secretKeysOf,
  targetSecretOf,
} from './externalSecretRules';

function fields(es: unknown, options = {}) {
  return fieldMessages(checkExternalSecret(es, options));
}

describe('checkExternalSecret', () => {
  it.each(['external-secrets.io/v1', 'external-secrets.io/v1beta1'])(
    'accepts the generated %s ExternalSecret',
    apiVersion => {
      expect(checkExternalSecret(validExternalSecret(apiVersion))).toEqual([]);
    },
  );

  it('names the object in every problem', () => {
    const es = validExternalSecret();
    es.spec.refreshInterval = '10s';
    expect(checkExternalSecret(es)).toEqual([
      {
        object: 'ExternalSecret checkout/checkout-db',
        field: 'spec.refreshInterval',
        message:
          '"10s" is shorter than 1m: each refresh calls the provider, so use 1m or more, or allow it explicitly',
      },
    ]);
    expect(
      checkExternalSecret(es, { allowShortRefreshInterval: true }),
    ).toEqual([]);
  });

  it('refuses a Secret key used twice', () => {
    const es = validExternalSecret();
    es.spec.data[1].secretKey = 'DB_USER';
    expect(fields(es)).toEqual([
      'spec.data[1].secretKey: "DB_USER" is already used by spec.data[0]: each entry needs its own Secret key',
    ]);
  });

  it('refuses invalid Secret keys and remote keys', () => {
    const es = validExternalSecret();
    es.spec.data[0].secretKey = 'db/user';
    es.spec.data[1].remoteRef.key = 'checkout/prod/db-backup';
    es.spec.data[1].remoteRef.property = '';
    expect(fields(es)).toEqual([
      expect.stringMatching(
        /^spec\.data\[0\]\.secretKey: "db\/user" is not a valid Secret key/,
      ),
      expect.stringMatching(
        /^spec\.data\[1\]\.remoteRef\.key: "checkout\/prod\/db-backup" ends with '-' and six characters/,
      ),
      expect.stringMatching(
        /^spec\.data\[1\]\.remoteRef\.property: must be a non-empty string/,
      ),
    ]);
  });

  it("checks remote keys by the store's provider", () => {
    const es = validExternalSecret();
    es.spec.data[0].remoteRef.key = '/checkout/prod/db';
    es.spec.data[1].remoteRef.key = 'secret/checkout/prod/db';
    expect(fields(es, { provider: 'aws-parameter-store' })).toEqual([
      'spec.data[1].remoteRef.key: "secret/checkout/prod/db" is not a Parameter Store name such as /checkout/prod/db: "/" and segments of letters, digits, "_", "." and "-"',
    ]);
    expect(
      fields(es, { provider: 'vault-kv-v2', vaultMount: 'secret' }),
    ).toEqual([
      'spec.data[0].remoteRef.key: "/checkout/prod/db" is not a Vault secret path such as checkout/prod/db: segments of letters, digits and _.@=- without a leading or trailing "/" (no * or +)',
      `spec.data[1].remoteRef.key: "secret/checkout/prod/db" starts with the store's mount "secret/": ESO removes that and would read secret/data/checkout/prod/db; give the secret's path under the mount`,
    ]);
    expect(fields(es, { provider: 'aws-secrets-manager' })).toEqual([
      expect.stringMatching(
        /^spec\.data\[0\]\.remoteRef\.key: .* not an ARN or a path/,
      ),
    ]);
    // The older switch: any non-empty key for other providers; the provider wins over it.
    expect(fields(es, { awsSecretsManager: false })).toEqual([]);
    expect(
      fields(es, { awsSecretsManager: false, provider: 'aws-parameter-store' }),
    ).toHaveLength(1);
  });

  it('needs the label the entity card finds ExternalSecrets by', () => {
    const es = validExternalSecret();
    delete es.metadata.labels;
    expect(fields(es)).toEqual([
      `metadata.labels["backstage.io/kubernetes-id"]: is missing: the entity card finds a service's ExternalSecrets by this label`,
    ]);
  });

  it('reports fields the API server would silently drop', () => {
    const es = validExternalSecret();
    es.spec.refreshInteval = '1h';
    es.spec.target.creationPolcy = 'Owner';
    es.spec.data[0].remoteRef.propery = 'x';
    expect(fields(es).map(f => f.split(':')[0])).toEqual([
      'spec.refreshInteval',
      'spec.target.creationPolcy',
      'spec.data[0].remoteRef.propery',
    ]);
  });

  it('knows syncWindows is a v1 field only', () => {
    const v1 = validExternalSecret();
    v1.spec.syncWindows = { kind: 'allow', windows: [] };
    expect(fields(v1)).toEqual([]);
    const v1beta1 = validExternalSecret('external-secrets.io/v1beta1');
    v1beta1.spec.syncWindows = { kind: 'allow', windows: [] };
    expect(fields(v1beta1)).toEqual([
      expect.stringMatching(
        /^spec\.syncWindows: is not a field of external-secrets\.io\/v1beta1 ExternalSecret/,
      ),
    ]);
  });

  it('needs data, an explicit store kind, a target and valid names', () => {
    const es = validExternalSecret();
    es.metadata.namespace = 'Checkout';
    es.spec.data = [];
    es.spec.dataFrom = [{ extract: { key: 'checkout/prod/db' } }];
    delete es.spec.secretStoreRef.kind;
    delete es.spec.target;
    expect(fields(es).map(f => f.split(':')[0])).toEqual([
      'metadata.namespace',
      'spec.secretStoreRef.kind',
      'spec.target',
      'spec.dataFrom',
      'spec.data',
    ]);
  });

  it('refuses what is not an ExternalSecret object', () => {
    expect(fields('text')).toEqual(['(document): is not an object']);
    expect(fields({ apiVersion: 'v1', kind: 'ExternalSecret' })).toEqual([
      'apiVersion: "v1" is not one of external-secrets.io/v1, external-secrets.io/v1beta1',
      expect.stringMatching(/^metadata\.name:/),
      expect.stringMatching(/^metadata\.namespace:/),
      expect.stringMatching(/^metadata\.labels/),
      'spec: is missing',
    ]);
  });

  it('reads keys, remote keys and the target', () => {
    const es = validExternalSecret();
    expect(secretKeysOf(es)).toEqual(['DB_USER', 'db-password']);
    expect(remoteKeysOf(es)).toEqual(['checkout/prod/db']);
    expect(targetSecretOf(es)).toBe('checkout-db');
    delete es.spec.target;
    expect(targetSecretOf(es)).toBe('checkout-db');
  });
});

describe('checkVersionsAgree', () => {
  it('accepts the same object in both versions', () => {
    expect(
      checkVersionsAgree(
        validExternalSecret(),
        validExternalSecret('external-secrets.io/v1beta1'),
      ),
    ).toEqual([]);
  });

  it('names what differs', () => {
    const v1beta1 = validExternalSecret('external-secrets.io/v1beta1');
    v1beta1.spec.data.pop();
    v1beta1.metadata.name = 'other';
    expect(
      checkVersionsAgree(validExternalSecret(), v1beta1).map(p => p.field),
    ).toEqual(['metadata.name', 'spec.data']);
  });
});
