import {
  DescribeParametersCommandInput,
  paginateDescribeParameters,
  SSMClient,
} from '@aws-sdk/client-ssm';
import {
  PARAMETER_STORE_PROVIDER,
  parameterStoreSecretMetadata,
  parseParameterArn,
  ProviderRegionMetadata,
  ProviderSecretMetadata,
  roleArnAccount,
} from '@eso-health/plugin-external-secrets-common';
import {
  AwsAccountConfig,
  awsClientConfig,
  awsScopeId,
  countApiCalls,
  describeAwsError,
  ProviderCollectResult,
  ProviderCollector,
} from '@eso-health/plugin-external-secrets-node';

/** DescribeParameters returns at most 50 entries a page. */
const PAGE_SIZE = 50;

export interface ParameterStoreCollectorOptions {
  /** Builds each account's client; tests and benchmarks point it elsewhere. */
  createClient?: (account: AwsAccountConfig) => SSMClient;
}

/**
 * AWS Systems Manager Parameter Store metadata, one listing per configured account and region,
 * through DescribeParameters pages of 50 (filtered by name prefix when configured). It never
 * calls GetParameter(s), GetParametersByPath or GetParameterHistory, which return values.
 */
export class ParameterStoreCollector implements ProviderCollector {
  readonly provider = PARAMETER_STORE_PROVIDER;
  readonly title = 'AWS Parameter Store';
  private readonly accounts = new Map<string, AwsAccountConfig>();
  private readonly clients = new Map<string, SSMClient>();
  private readonly calls = new Map<string, Record<string, number>>();
  private readonly options: ParameterStoreCollectorOptions;

  constructor(
    accounts: AwsAccountConfig[],
    options: ParameterStoreCollectorOptions = {},
  ) {
    for (const account of accounts)
      this.accounts.set(awsScopeId(account, PARAMETER_STORE_PROVIDER), account);
    this.options = options;
  }

  scopes(): string[] {
    return [...this.accounts.keys()];
  }

  describeScope(scope: string): string {
    const account = this.accounts.get(scope);
    return account ? `${account.name} (${account.region})` : scope;
  }

  async collect(scope: string): Promise<ProviderCollectResult> {
    const account = this.accounts.get(scope);
    if (!account) throw new Error(`Unknown Parameter Store scope ${scope}`);
    const client = this.client(scope, account);
    const apiCalls: Record<string, number> = {};
    this.calls.set(scope, apiCalls);
    const startedAt = new Date();
    const secrets: ProviderSecretMetadata[] = [];
    try {
      const input: DescribeParametersCommandInput = account.namePrefixes.length
        ? {
            ParameterFilters: [
              {
                Key: 'Name',
                Option: 'BeginsWith',
                Values: account.namePrefixes,
              },
            ],
          }
        : {};
      for await (const page of paginateDescribeParameters(
        { client, pageSize: PAGE_SIZE },
        input,
      )) {
        for (const parameter of page.Parameters ?? []) {
          const secret = parameterStoreSecretMetadata(
            parameter,
            account.region,
          );
          if (secret) secrets.push(secret);
        }
      }
    } catch (error) {
      throw describeAwsError(
        error,
        `AWS Parameter Store ${account.name} (${account.region})`,
        'ssm:DescribeParameters',
        apiCalls,
      );
    }
    const listing: ProviderRegionMetadata = {
      provider: PARAMETER_STORE_PROVIDER,
      region: account.region,
      accountId:
        (account.roleArn && roleArnAccount(account.roleArn)) ??
        secrets.map(s => parseParameterArn(s.arn)?.account).find(Boolean) ??
        null,
      roleArn: account.roleArn ?? null,
      ...(account.namePrefixes.length
        ? { namePrefixes: account.namePrefixes }
        : {}),
      refreshedAt: startedAt.toISOString(),
      secrets,
    };
    return { listing, apiCalls, warnings: [] };
  }

  private client(scope: string, account: AwsAccountConfig): SSMClient {
    let client = this.clients.get(scope);
    if (!client) {
      client =
        this.options.createClient?.(account) ??
        new SSMClient(awsClientConfig(account));
      countApiCalls(client, () => this.calls.get(scope));
      this.clients.set(scope, client);
    }
    return client;
  }
}
