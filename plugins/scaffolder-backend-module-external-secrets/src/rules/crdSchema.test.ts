import { fieldMessages } from '../__testUtils__/fieldMessages';
import { validExternalSecret } from '../__testUtils__/pipelineFixtures';
import { checkExternalSecretSchema } from './crdSchema';

describe('checkExternalSecretSchema', () => {
  it.each(['external-secrets.io/v1', 'external-secrets.io/v1beta1'])(
    'accepts every field the template writes in %s',
    apiVersion => {
      expect(
        checkExternalSecretSchema(validExternalSecret(apiVersion)),
      ).toEqual([]);
    },
  );

  it('accepts refreshPolicy in v1beta1 (ESO 0.16+)', () => {
    const es = validExternalSecret('external-secrets.io/v1beta1');
    es.spec.refreshPolicy = 'OnChange';
    expect(checkExternalSecretSchema(es)).toEqual([]);
  });

  it.each(['external-secrets.io/v1', 'external-secrets.io/v1beta1'])(
    'names the field of each %s schema error',
    apiVersion => {
      const es = validExternalSecret(apiVersion);
      es.spec.refreshPolicy = 'Hourly';
      es.spec.secretStoreRef.kind = 'Store';
      es.spec.target.creationPolicy = 'Always';
      delete es.spec.data[1].remoteRef.key;
      es.spec.data[0].remoteRef.metadataPolicy = 'Sometimes';
      const problems = checkExternalSecretSchema(es);
      expect(fieldMessages(problems).sort()).toEqual(
        [
          `spec.data[0].remoteRef.metadataPolicy: must be one of None, Fetch (${apiVersion} CRD schema)`,
          `spec.data[1].remoteRef: is missing required field "key" (${apiVersion} CRD schema)`,
          `spec.refreshPolicy: must be one of CreatedOnce, Periodic, OnChange (${apiVersion} CRD schema)`,
          `spec.secretStoreRef.kind: must be one of SecretStore, ClusterSecretStore (${apiVersion} CRD schema)`,
          // The models carry ESO's v1 types as of their release: CreateOrMerge (ESO 2.8) is not in
          // them yet, and the template does not write it.
          `spec.target.creationPolicy: must be one of Owner, Orphan, Merge, None (${apiVersion} CRD schema)`,
        ].sort(),
      );
      expect(new Set(problems.map(p => p.object))).toEqual(
        new Set(['ExternalSecret checkout/checkout-db']),
      );
    },
  );

  it('refuses a version the CRDs do not define', () => {
    const es = validExternalSecret();
    es.apiVersion = 'external-secrets.io/v1alpha1';
    expect(checkExternalSecretSchema(es)).toEqual([
      {
        object: 'ExternalSecret checkout/checkout-db',
        field: 'apiVersion',
        message:
          '"external-secrets.io/v1alpha1" is not one of external-secrets.io/v1, external-secrets.io/v1beta1',
      },
    ]);
  });

  it('reports type errors with the field', () => {
    const es = validExternalSecret();
    es.spec.data[0].secretKey = 42;
    expect(checkExternalSecretSchema(es)).toEqual([
      expect.objectContaining({
        field: 'spec.data[0].secretKey',
        message: expect.stringContaining('must be string'),
      }),
    ]);
  });
});
