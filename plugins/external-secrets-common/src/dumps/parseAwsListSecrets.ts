import { ProviderMetadata, ProviderSecretMetadata } from '../types/provider';

/** Thrown when the input is not the JSON of `aws secretsmanager list-secrets`. Never quotes the input. */
export class AwsListSecretsParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AwsListSecretsParseError';
  }
}

export interface ParseAwsListSecretsOptions {
  /** When the listing was taken (ISO): the CLI passes the file's modification time or `--now`. */
  refreshedAt: string;
  /** A name for the input (usually its file path), used in error messages. */
  source?: string;
}

const ARN_PATTERN = /^arn:[^:]+:secretsmanager:([a-z0-9-]+):(\d*):secret:(.+)$/;

/** The region of a Secrets Manager ARN, or undefined when it is not one. */
export function regionOfSecretArn(arn: string): string | undefined {
  const match = ARN_PATTERN.exec(arn);
  return match ? match[1] : undefined;
}

/**
 * A date of the AWS CLI output as ISO: CLI v2 prints ISO strings with an offset
 * (`2026-11-23T11:57:00.123000+00:00`), v1 and the raw API print epoch seconds (possibly
 * fractional). Returns null for a missing or unreadable date.
 */
export function awsDateToIso(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return new Date(Math.round(value * 1000)).toISOString();
  }
  if (typeof value === 'string' && value.trim()) {
    const text = value.trim();
    if (/^-?\d+(\.\d+)?$/.test(text)) {
      return awsDateToIso(Number(text));
    }
    // JavaScript dates hold milliseconds: cut microseconds (`.123000`) to three digits first.
    const normalised = text.replace(/(\.\d{3})\d+/, '$1');
    const time = Date.parse(normalised);
    return Number.isNaN(time) ? null : new Date(time).toISOString();
  }
  return null;
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
      const region = regionOfSecretArn(entry.ARN);
      if (!region || seen.has(entry.ARN)) {
        continue;
      }
      seen.add(entry.ARN);
      const name =
        typeof entry.Name === 'string'
          ? entry.Name
          : entry.ARN.replace(ARN_PATTERN, '$3').replace(
              /-[A-Za-z0-9]{6}$/,
              '',
            );
      const secret: ProviderSecretMetadata = {
        provider: 'aws',
        region,
        arn: entry.ARN,
        name,
        lastChangedDate: awsDateToIso(entry.LastChangedDate),
        rotationEnabled: entry.RotationEnabled === true,
        nextRotationDate: awsDateToIso(entry.NextRotationDate),
        lastRotatedDate: awsDateToIso(entry.LastRotatedDate),
        deletedDate: awsDateToIso(entry.DeletedDate),
      };
      const regionMetadata = (metadata[region] ??= {
        provider: 'aws',
        region,
        refreshedAt,
        secrets: [],
      });
      regionMetadata.secrets.push(secret);
    }
  }
  return metadata;
}
