import { MiddlewareStack } from '@smithy/types';
import { AwsAccountConfig, awsScopeId } from './awsAccounts';
import { countApiCalls } from './countApiCalls';

/**
 * The configured AWS accounts of one service as collector scopes (`<provider>/<name>/<region>`),
 * each with its client, created on first use and counting its calls into the refresh under way.
 * Shared by the Secrets Manager collector and other AWS provider modules.
 *
 * @public
 */
export class AwsAccountScopes<
  Client extends { middlewareStack: MiddlewareStack<any, any> },
> {
  private readonly accounts = new Map<string, AwsAccountConfig>();
  private readonly clients = new Map<string, Client>();
  /** Attempts (retries included) per operation of the refresh under way, per scope. */
  private readonly calls = new Map<string, Record<string, number>>();

  constructor(
    accounts: AwsAccountConfig[],
    provider: string,
    private readonly createClient: (account: AwsAccountConfig) => Client,
  ) {
    for (const account of accounts)
      this.accounts.set(awsScopeId(account, provider), account);
  }

  scopes(): string[] {
    return [...this.accounts.keys()];
  }

  describeScope(scope: string): string {
    const account = this.accounts.get(scope);
    return account ? `${account.name} (${account.region})` : scope;
  }

  /**
   * Starts a refresh of `scope`: its account, its client, and the record of the calls this
   * refresh makes.
   */
  start(scope: string): {
    account: AwsAccountConfig;
    client: Client;
    apiCalls: Record<string, number>;
  } {
    const account = this.accounts.get(scope);
    if (!account) throw new Error(`Unknown AWS scope ${scope}`);
    let client = this.clients.get(scope);
    if (!client) {
      client = this.createClient(account);
      countApiCalls(client, () => this.calls.get(scope));
      this.clients.set(scope, client);
    }
    const apiCalls: Record<string, number> = {};
    this.calls.set(scope, apiCalls);
    return { account, client, apiCalls };
  }
}
