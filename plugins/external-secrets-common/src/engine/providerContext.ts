import { ProviderIndex } from '../kubernetes/providerLookup';
import { ExternalSecretView } from '../kubernetes/readExternalSecret';
import { SecretStoreView } from '../kubernetes/readSecretStore';
import { ProviderContext } from '../rules/types';

/** Provider lookups for AWS Secrets Manager stores (service unset means SecretsManager) with a region. */
export function providerContext(
  es: ExternalSecretView,
  store: SecretStoreView | undefined,
  providers: ProviderIndex,
  evidence: ProviderContext['evidence'],
): ProviderContext | undefined {
  const aws = store?.aws;
  if (
    !aws?.region ||
    (aws.service !== null && aws.service !== 'SecretsManager')
  )
    return undefined;
  const region = aws.region;
  return {
    region,
    prefix: aws.prefix,
    keys: es.remoteKeys.map(key => ({
      key,
      lookup: providers.find({ region, role: aws.role }, key, aws.prefix),
    })),
    evidence,
  };
}
