import { parameterStoreSecretMetadata } from '../providers/aws/parameterMetadata';
import { normaliseVaultServer } from '../providers/vault/vaultKv';
import { vaultKvSecretMetadata } from '../providers/vault/kvMetadata';
import { isRecord, str } from '../kubernetes/untrusted';
import { ProviderMetadata } from '../types/provider';
import { awsDateToIso } from '../providers/aws/awsDates';

/**
 * Thrown when a provider dump is not what its option expects. Never quotes the input.
 *
 * @public
 */
export class ProviderDumpParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderDumpParseError';
  }
}

/** @public */
export interface ParseProviderDumpOptions {
  /** When the dump was taken (ISO): the CLI passes the file's modification time or `--now`. */
  refreshedAt: string;
  /** A name for the input (usually its file path), used in error messages. */
  source?: string;
}

/**
 * What every dump parser starts with: the JSON (a string, with or without a byte-order mark, or
 * an already parsed value), where it came from for messages, and the time it speaks for.
 */
function readDump(
  input: string | unknown,
  options: ParseProviderDumpOptions,
  hint: string,
): { where: string; value: any; refreshedAt: string } {
  const where = options.source ?? 'the input';
  let value = input;
  if (typeof input === 'string') {
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ProviderDumpParseError(`${where} is not valid JSON: ${hint}`);
    }
  }
  const refreshedAt = awsDateToIso(options.refreshedAt);
  if (!refreshedAt)
    throw new ProviderDumpParseError('refreshedAt must be an ISO date-time');
  return { where, value, refreshedAt };
}

/** @public */
export const SSM_DESCRIBE_COMMAND = 'aws ssm describe-parameters --output json';

/**
 * Reads the JSON of `aws ssm describe-parameters` (one page `{ "Parameters": [...] }` or an
 * array of pages) into provider metadata, one listing per region read from the ARNs. Keeps
 * names, versions and modification and expiry times; DescribeParameters carries no value.
 *
 * @public
 */
export function parseSsmDescribeParameters(
  input: string | unknown,
  options: ParseProviderDumpOptions,
): ProviderMetadata {
  const { where, value, refreshedAt } = readDump(
    input,
    options,
    `produce it with \`${SSM_DESCRIBE_COMMAND}\``,
  );
  const pages = Array.isArray(value) ? value : [value];
  if (!pages.every(page => isRecord(page) && Array.isArray(page.Parameters)))
    throw new ProviderDumpParseError(
      `${where} is not the output of \`${SSM_DESCRIBE_COMMAND}\`: expected an object with a "Parameters" array (or an array of such pages)`,
    );
  const metadata: ProviderMetadata = {};
  for (const page of pages)
    for (const entry of page.Parameters) {
      const secret = parameterStoreSecretMetadata(entry);
      if (!secret) continue;
      const scope = `aws-parameter-store/${secret.region}`;
      (metadata[scope] ??= {
        provider: secret.provider,
        region: secret.region,
        refreshedAt,
        secrets: [],
      }).secrets.push(secret);
    }
  return metadata;
}

/**
 * Reads a Vault KV v2 metadata dump into provider metadata: an object (or an array of them)
 * `{ "server": "<address stores use>", "mount": "secret", "metadata": { "<path>": … } }`,
 * each value the data, or the whole response, of `GET <mount>/metadata/<path>`. docs/cli.md
 * shows how to make it with the vault CLI; metadata responses carry no value.
 *
 * @public
 */
export function parseVaultMetadataDump(
  input: string | unknown,
  options: ParseProviderDumpOptions,
): ProviderMetadata {
  const { where, value, refreshedAt } = readDump(
    input,
    options,
    'see docs/cli.md for how to dump Vault KV metadata',
  );
  const now = Date.parse(refreshedAt);
  const dumps = Array.isArray(value) ? value : [value];
  const metadata: ProviderMetadata = {};
  for (const dump of dumps) {
    const server = isRecord(dump) ? str(dump.server) : undefined;
    const mount = isRecord(dump)
      ? str(dump.mount)?.replace(/^\/+|\/+$/g, '')
      : undefined;
    if (!server || !mount || !isRecord(dump.metadata))
      throw new ProviderDumpParseError(
        `${where} is not a Vault KV metadata dump: expected {"server": "...", "mount": "...", "metadata": {"<path>": <GET <mount>/metadata/<path>>}} (see docs/cli.md)`,
      );
    const listing = (metadata[
      `vault/${normaliseVaultServer(server)}/${mount}`
    ] ??= {
      provider: 'vault',
      region: mount,
      servers: [server],
      refreshedAt,
      secrets: [],
    });
    for (const [path, response] of Object.entries(dump.metadata)) {
      const data =
        isRecord(response) && isRecord(response.data)
          ? response.data
          : response;
      const secret = isRecord(data)
        ? vaultKvSecretMetadata({
            server,
            mount,
            path: path.replace(/^\/+/, ''),
            metadata: data,
            now,
          })
        : undefined;
      if (secret) listing.secrets.push(secret);
    }
  }
  return metadata;
}
