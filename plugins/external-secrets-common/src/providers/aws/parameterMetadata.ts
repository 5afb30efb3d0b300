import { awsDateToIso } from './awsDates';
import { isRecord, str } from '../../kubernetes/untrusted';
import { ProviderSecretMetadata } from '../../types/provider';
import { parseParameterArn } from './arns';

/** @public */
export const PARAMETER_STORE_PROVIDER = 'aws-parameter-store';

/** The `Timestamp` of a parameter's Expiration policy (advanced parameters), if any. */
function expiration(policies: unknown): string | null {
  for (const policy of Array.isArray(policies) ? policies : []) {
    try {
      const text = JSON.parse(str(isRecord(policy) && policy.PolicyText) ?? '');
      if (
        isRecord(text) &&
        text.Type === 'Expiration' &&
        isRecord(text.Attributes)
      )
        return awsDateToIso(text.Attributes.Timestamp);
    } catch {
      // A policy Parameter Store accepted but we cannot read: no expiry known.
    }
  }
  return null;
}

/**
 * One entry of DescribeParameters (the SDK's object or the AWS CLI's JSON) as provider
 * metadata, shared by the collector and the drift CLI. Every write of a value creates a
 * version, so the last modification is when the current version was created. There is no
 * value in DescribeParameters.
 *
 * @public
 */
export function parameterStoreSecretMetadata(
  entry: unknown,
  fallbackRegion?: string,
): ProviderSecretMetadata | undefined {
  if (!isRecord(entry)) return undefined;
  const name = str(entry.Name);
  const arn = str(entry.ARN);
  const region = (arn && parseParameterArn(arn)?.region) ?? fallbackRegion;
  if (!name || !region) return undefined;
  const modified = awsDateToIso(
    entry.LastModifiedDate instanceof Date
      ? entry.LastModifiedDate.toISOString()
      : entry.LastModifiedDate,
  );
  const expiresDate = expiration(entry.Policies);
  return {
    provider: PARAMETER_STORE_PROVIDER,
    region,
    name,
    // AWS always returns the ARN; emulators may not (the account is then unknown).
    arn: arn ?? '',
    lastChangedDate: modified,
    currentVersionCreatedDate: modified,
    currentVersion: typeof entry.Version === 'number' ? entry.Version : null,
    ...(expiresDate ? { expiresDate } : {}),
  };
}
