import { awsDateToIso } from '../providers/aws/awsDates';
import { parseSecretArn } from '../providers/aws/arns';
import { ProviderMetadata, ProviderSecretMetadata } from '../types/provider';

/**
 * Thrown when the input is not the JSON of `aws secretsmanager list-secrets`. Never quotes the input.
 *
 * @public
 */
export class AwsListSecretsParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AwsListSecretsParseError';
  }
}

/** @public */
export interface ParseAwsListSecretsOptions {
  /** When the listing was taken (ISO): the CLI passes the file's modification time or `--now`. */
  refreshedAt: string;
  /** A name for the input (usually its file path), used in error messages. */
  source?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pages(value: unknown, where: string): Record<string, unknown>[] {
  const candidates = Array.isArray(value) ? value : [value];
  const result: Record<string, unknown>[] = [];
  for (const page of candidates) {
    if (isObject(page) && Array.isArray(page.SecretList)) {
      result.push(page);
    } else {
      throw new AwsListSecretsParseError(
        `${where} is not the output of \`aws secretsmanager list-secrets --include-planned-deletion\`: expected an object with a "SecretList" array (or an array of such pages)`,
      );
    }
  }
  return result;
}

/**
 * Reads the JSON of `aws secretsmanager list-secrets --include-planned-deletion` (one page
 * `{ "SecretList": [...] }` or several pages in an array) into {@link ProviderMetadata}, one entry
 * per region read from the ARNs. Keeps only names, ARNs, rotation and change/deletion dates;
 * entries without a Secrets Manager ARN are skipped. Accepts the text or the parsed JSON.
 *
 * @public
 */
export function parseAwsListSecrets(
  input: string | unknown,
  options: ParseAwsListSecretsOptions,
): ProviderMetadata {
  const where = options.source ?? 'the input';
  let value: unknown = input;
  if (typeof input === 'string') {
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    try {
      value = JSON.parse(text);
    } catch {
      throw new AwsListSecretsParseError(
        `${where} is not valid JSON: produce it with \`aws secretsmanager list-secrets --include-planned-deletion --output json\``,
      );
    }
  }
  const refreshedAt = awsDateToIso(options.refreshedAt);
  if (!refreshedAt) {
    throw new AwsListSecretsParseError('refreshedAt must be an ISO date-time');
  }

  const metadata: ProviderMetadata = {};
  const seen = new Set<string>();
  for (const page of pages(value, where)) {
    for (const entry of page.SecretList as unknown[]) {
      if (!isObject(entry) || typeof entry.ARN !== 'string') {
        continue;
      }
      const arn = parseSecretArn(entry.ARN);
      if (!arn?.region || seen.has(entry.ARN)) {
        continue;
      }
      seen.add(entry.ARN);
      const name =
        typeof entry.Name === 'string'
          ? entry.Name
          : arn.name.replace(/-[A-Za-z0-9]{6}$/, '');
      const secret: ProviderSecretMetadata = {
        provider: 'aws',
        region: arn.region,
        arn: entry.ARN,
        name,
        lastChangedDate: awsDateToIso(entry.LastChangedDate),
        rotationEnabled: entry.RotationEnabled === true,
        nextRotationDate: awsDateToIso(entry.NextRotationDate),
        lastRotatedDate: awsDateToIso(entry.LastRotatedDate),
        deletedDate: awsDateToIso(entry.DeletedDate),
      };
      const regionMetadata = (metadata[arn.region] ??= {
        provider: 'aws',
        region: arn.region,
        refreshedAt,
        secrets: [],
      });
      regionMetadata.secrets.push(secret);
    }
  }
  return metadata;
}
