import {
  ListSecretsCommandInput,
  paginateListSecrets,
  paginateListSecretVersionIds,
  SecretListEntry,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  parseSecretArn,
  ProviderRegionMetadata,
  ProviderSecretMetadata,
} from '@eso-health/plugin-external-secrets-common';
import {
  ProviderCollectContext,
  ProviderCollectResult,
  ProviderCollector,
} from '../providers/types';
import { AwsAccountConfig } from './awsAccounts';
import { AwsAccountScopes } from './AwsAccountScopes';
import { awsRegionListing } from './awsRegionListing';
import { createSecretsManagerClient } from './createSecretsManagerClient';
import { awsFailureReason, describeAwsError } from './describeAwsError';

/** ListSecrets returns at most 100 entries a page. */
const PAGE_SIZE = 100;
/** Confirmation calls in flight at once per account: well under Secrets Manager's rate limits. */
const CONFIRM_CONCURRENCY = 4;

/** @public */
export interface AwsSecretsManagerCollectorOptions {
  /** Builds each account's client; tests and benchmarks point it elsewhere. */
  createClient?: (account: AwsAccountConfig) => SecretsManagerClient;
}

const iso = (date: Date | undefined): string | null =>
  date ? date.toISOString() : null;

function toMetadata(
  entry: SecretListEntry,
  region: string,
): ProviderSecretMetadata | undefined {
  if (!entry.ARN || !entry.Name) return undefined;
  return {
    provider: 'aws',
    region,
    arn: entry.ARN,
    name: entry.Name,
    lastChangedDate: iso(entry.LastChangedDate),
    rotationEnabled: entry.RotationEnabled === true,
    nextRotationDate: iso(entry.NextRotationDate),
    lastRotatedDate: iso(entry.LastRotatedDate),
    deletedDate: iso(entry.DeletedDate),
  };
}

/**
 * AWS Secrets Manager metadata, one listing per configured account and region: ListSecrets
 * pages of 100 (with secrets pending deletion, filtered by name prefix when configured), then
 * ListSecretVersionIds only for provider-ahead candidates whose change time moved since their
 * last confirmation. Both are metadata calls: names, ARNs, dates and version ids.
 *
 * @public
 */
export class AwsSecretsManagerCollector implements ProviderCollector {
  readonly provider = 'aws';
  readonly title = 'AWS Secrets Manager';
  private readonly accounts: AwsAccountScopes<SecretsManagerClient>;

  constructor(
    accounts: AwsAccountConfig[],
    options: AwsSecretsManagerCollectorOptions = {},
  ) {
    this.accounts = new AwsAccountScopes(
      accounts,
      this.provider,
      options.createClient ?? (account => createSecretsManagerClient(account)),
    );
  }

  scopes(): string[] {
    return this.accounts.scopes();
  }

  describeScope(scope: string): string {
    return this.accounts.describeScope(scope);
  }

  async collect(
    scope: string,
    context: ProviderCollectContext,
  ): Promise<ProviderCollectResult> {
    const { account, client, apiCalls } = this.accounts.start(scope);
    const where = `AWS account ${account.name} (${account.region})`;
    const startedAt = new Date();

    const secrets: ProviderSecretMetadata[] = [];
    try {
      const input: ListSecretsCommandInput = {
        IncludePlannedDeletion: true,
        ...(account.namePrefixes.length
          ? { Filters: [{ Key: 'name', Values: account.namePrefixes }] }
          : {}),
      };
      for await (const page of paginateListSecrets(
        { client, pageSize: PAGE_SIZE },
        input,
      )) {
        for (const entry of page.SecretList ?? []) {
          const secret = toMetadata(entry, account.region);
          if (secret) secrets.push(secret);
        }
      }
    } catch (error) {
      throw describeAwsError(
        error,
        where,
        'secretsmanager:ListSecrets',
        apiCalls,
      );
    }

    carryConfirmations(secrets, context.previous);
    const listing = awsRegionListing({
      provider: 'aws',
      account,
      secrets,
      accountOfArn: arn => parseSecretArn(arn)?.account,
      refreshedAt: startedAt,
    });
    const warnings = await this.confirmCurrentVersions(
      client,
      context.providerAheadCandidates(listing),
      where,
    );
    return { listing, apiCalls, warnings };
  }

  /**
   * Sets `currentVersionCreatedDate` from the AWSCURRENT version of each candidate. A denied
   * call stops the confirmations and is reported once; the engine then falls back to
   * LastChangedDate and says so.
   */
  private async confirmCurrentVersions(
    client: SecretsManagerClient,
    candidates: ProviderSecretMetadata[],
    where: string,
  ): Promise<string[]> {
    const queue = [...candidates];
    const failures: string[] = [];
    let denied: string | undefined;
    const worker = async () => {
      for (
        let secret = queue.shift();
        secret && !denied;
        secret = queue.shift()
      ) {
        try {
          secret.currentVersionCreatedDate = await currentVersionCreated(
            client,
            secret,
          );
        } catch (error) {
          if (awsFailureReason(error) === 'access-denied') {
            denied = describeAwsError(
              error,
              where,
              'secretsmanager:ListSecretVersionIds',
              {},
            ).message;
          } else {
            failures.push(secret.name);
          }
        }
      }
    };
    await Promise.all(
      Array.from(
        { length: Math.min(CONFIRM_CONCURRENCY, queue.length) },
        worker,
      ),
    );
    const warnings: string[] = [];
    if (denied)
      warnings.push(
        `${denied} Until then provider-ahead relies on LastChangedDate, which also moves on tag and description edits.`,
      );
    if (failures.length)
      warnings.push(
        `${where}: could not confirm the current version of ${
          failures.length
        } secret(s) (${failures.slice(0, 5).join(', ')}${
          failures.length > 5 ? ', …' : ''
        }); retried on the next refresh.`,
      );
    return warnings;
  }
}

/**
 * Keeps the confirmed AWSCURRENT time of secrets whose LastChangedDate has not moved since the
 * previous listing: nothing can have created a version in between.
 */
function carryConfirmations(
  secrets: ProviderSecretMetadata[],
  previous: ProviderRegionMetadata | undefined,
): void {
  if (!previous) return;
  const known = new Map(previous.secrets.map(s => [s.arn, s]));
  for (const secret of secrets) {
    const before = known.get(secret.arn);
    if (
      before?.currentVersionCreatedDate !== undefined &&
      before.lastChangedDate === secret.lastChangedDate
    )
      secret.currentVersionCreatedDate = before.currentVersionCreatedDate;
  }
}

/**
 * Creation time of the AWSCURRENT version, or null when no version carries it. Capped at
 * LastChangedDate: creating a version moves LastChangedDate, so a later time is an
 * emulator artefact (moto reports the call time as every version's CreatedDate).
 */
async function currentVersionCreated(
  client: SecretsManagerClient,
  secret: ProviderSecretMetadata,
): Promise<string | null> {
  for await (const page of paginateListSecretVersionIds(
    { client, pageSize: PAGE_SIZE },
    { SecretId: secret.arn },
  )) {
    const current = page.Versions?.find(v =>
      v.VersionStages?.includes('AWSCURRENT'),
    );
    if (current?.CreatedDate) {
      const created = current.CreatedDate.getTime();
      const changed = secret.lastChangedDate
        ? Date.parse(secret.lastChangedDate)
        : Number.NaN;
      return new Date(
        Number.isNaN(changed) ? created : Math.min(created, changed),
      ).toISOString();
    }
  }
  return null;
}
