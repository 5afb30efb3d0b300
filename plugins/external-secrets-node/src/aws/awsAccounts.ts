import { Config } from '@backstage/config';

/**
 * One AWS account and region whose Secrets Manager metadata the backend reads.
 *
 * @public
 */
export interface AwsAccountConfig {
  /** Label shown in reports, unique with the region; defaults to the role's account id or `default`. */
  name: string;
  region: string;
  /** Role assumed through STS to read this account; the default credential chain otherwise. */
  roleArn?: string;
  externalId?: string;
  /** Endpoint of an emulator (e.g. moto); AWS's own endpoints otherwise. Also used for STS. */
  endpoint?: string;
  /** Only names starting with one of these are listed (ListSecrets `name` filter). */
  namePrefixes: string[];
  /** Static keys, for emulators and tests; prefer the default chain or a role. */
  staticCredentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * The scope id of an account's listing, e.g. `aws/payments-prod/eu-west-1`; other AWS services
 * put their provider id first (`aws-parameter-store/…`).
 *
 * @public
 */
export function awsScopeId(
  account: AwsAccountConfig,
  provider: string = 'aws',
): string {
  return `${provider}/${account.name}/${account.region}`;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/.+$/;

function invalid(where: string, message: string): never {
  throw new Error(`${where}: ${message}`);
}

function readAccount(
  config: Config,
  where: string,
  prefixLimit: number,
): AwsAccountConfig {
  const region = config.getString('region');
  if (!REGION.test(region))
    invalid(where, `region '${region}' is not an AWS region such as eu-west-1`);
  const roleArn = config.getOptionalString('roleArn');
  const roleMatch = roleArn ? ROLE_ARN.exec(roleArn) : undefined;
  if (roleArn && !roleMatch)
    invalid(
      where,
      `roleArn '${roleArn}' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`,
    );
  const accessKeyId = config.getOptionalString('accessKeyId');
  const secretAccessKey = config.getOptionalString('secretAccessKey');
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey))
    invalid(where, 'set both accessKeyId and secretAccessKey, or neither');
  const namePrefixes = config.getOptionalStringArray('namePrefixes') ?? [];
  if (namePrefixes.length > prefixLimit)
    invalid(
      where,
      `at most ${prefixLimit} namePrefixes (the API's filter limit)`,
    );
  return {
    name: config.getOptionalString('name') ?? roleMatch?.[1] ?? 'default',
    region,
    roleArn,
    externalId: config.getOptionalString('externalId'),
    endpoint: config.getOptionalString('endpoint'),
    namePrefixes,
    staticCredentials:
      accessKeyId && secretAccessKey
        ? { accessKeyId, secretAccessKey }
        : undefined,
  };
}

/**
 * Reads a list of AWS accounts (by default `externalSecrets.aws.accounts`, the Secrets Manager
 * ones); throws naming the entry and field when one is invalid.
 *
 * @public
 */
export function readAwsAccounts(
  root: Config,
  options: { key?: string; provider?: string; prefixLimit?: number } = {},
): AwsAccountConfig[] {
  const key = options.key ?? 'externalSecrets.aws.accounts';
  const accounts = (root.getOptionalConfigArray(key) ?? []).map(
    (config, index) =>
      readAccount(config, `${key}[${index}]`, options.prefixLimit ?? 10),
  );
  const seen = new Set<string>();
  accounts.forEach((account, index) => {
    const scope = awsScopeId(account, options.provider);
    if (seen.has(scope))
      invalid(
        `${key}[${index}]`,
        `'${scope}' is configured twice; give the accounts distinct names`,
      );
    seen.add(scope);
  });
  return accounts;
}
