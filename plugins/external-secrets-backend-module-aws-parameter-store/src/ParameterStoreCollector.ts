import {
  DescribeParametersCommandInput,
  paginateDescribeParameters,
  SSMClient,
} from '@aws-sdk/client-ssm';
import {
  PARAMETER_STORE_PROVIDER,
  parameterStoreSecretMetadata,
  parseParameterArn,
  ProviderSecretMetadata,
} from '@eso-health/plugin-external-secrets-common';
import {
  AwsAccountConfig,
  AwsAccountScopes,
  awsRegionListing,
  awsClientConfig,
  describeAwsError,
  ProviderCollectResult,
  ProviderCollector,
} from '@eso-health/plugin-external-secrets-node';

/** DescribeParameters returns at most 50 entries a page. */
const PAGE_SIZE = 50;

/** @public */
export interface ParameterStoreCollectorOptions {
  /** Builds each account's client; tests and benchmarks point it elsewhere. */
  createClient?: (account: AwsAccountConfig) => SSMClient;
}

/**
 * AWS Systems Manager Parameter Store metadata, one listing per configured account and region,
 * through DescribeParameters pages of 50 (filtered by name prefix when configured). It never
 * calls GetParameter(s), GetParametersByPath or GetParameterHistory, which return values.
 *
 * @public
 */
export class ParameterStoreCollector implements ProviderCollector {
  readonly provider = PARAMETER_STORE_PROVIDER;
  readonly title = 'AWS Parameter Store';
  private readonly accounts: AwsAccountScopes<SSMClient>;

  constructor(
    accounts: AwsAccountConfig[],
    options: ParameterStoreCollectorOptions = {},
  ) {
    this.accounts = new AwsAccountScopes(
      accounts,
      this.provider,
      options.createClient ??
        (account => new SSMClient(awsClientConfig(account))),
    );
  }

  scopes(): string[] {
    return this.accounts.scopes();
  }

  describeScope(scope: string): string {
    return this.accounts.describeScope(scope);
  }

  async collect(scope: string): Promise<ProviderCollectResult> {
    const { account, client, apiCalls } = this.accounts.start(scope);
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
    const listing = awsRegionListing({
      provider: PARAMETER_STORE_PROVIDER,
      account,
      secrets,
      accountOfArn: arn => parseParameterArn(arn)?.account,
      refreshedAt: startedAt,
    });
    return { listing, apiCalls, warnings: [] };
  }
}
