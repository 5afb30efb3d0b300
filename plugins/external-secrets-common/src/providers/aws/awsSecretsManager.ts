import { str } from '../../kubernetes/untrusted';
import { parseSecretArn } from './arns';
import { defineAwsProvider } from './awsStores';

/** The ARN without AWS's random suffix (`-AbCdEf`), which ESO also accepts as a remote key. */
function partialArn(arn: string): string | undefined {
  return /-[A-Za-z0-9]{6}$/.test(arn) ? arn.slice(0, -7) : undefined;
}

/**
 * AWS Secrets Manager (ESO `aws` stores with `service: SecretsManager` or no service). A key,
 * after the store's prefix, is a secret name, a full ARN or an ARN without its random suffix. A
 * name is looked up in the listing of the store's region and account (its role's account, else
 * the region's first listing); an ARN in its own region and account.
 *
 * @public
 */
export const awsSecretsManager = defineAwsProvider({
  id: 'aws',
  title: 'AWS Secrets Manager',
  service: 'SecretsManager',
  idsOf: secret => {
    const arn = str(secret.arn);
    return [str(secret.name), arn, arn ? partialArn(arn) : undefined];
  },
  parseArn: parseSecretArn,
  wording: {
    accessRemedy:
      "grant the store's AWS identity secretsmanager:GetSecretValue (and kms:Decrypt for a customer-managed key) on the secret, or fix its role or credentials.",
    dataName: 'AWS data',
    secret: key => `AWS secret "${key}"`,
    changed: (secret, evidence) =>
      evidence === 'version'
        ? `got a new AWSCURRENT version at ${secret.currentVersionCreatedDate}`
        : `changed at ${secret.lastChangedDate} (per LastChangedDate, which also moves on tag, description and rotation-config edits)`,
    where: listing => `AWS Secrets Manager in ${listing.region}`,
    absentRemedy: (listing, hasPrefix) =>
      `Create the secret in ${
        listing.region
      }, or fix the key in the ExternalSecret${
        hasPrefix ? ' or the store prefix' : ''
      }.`,
    deleted: (secret, listing) => ({
      state: 'is scheduled for deletion',
      detail: `deleted ${secret.deletedDate}`,
      remedy: `Restore it with aws secretsmanager restore-secret --secret-id ${
        secret.arn || secret.name
      } --region ${
        listing.region
      }, or point the ExternalSecret at another key.`,
    }),
    rotationRemedy: (secret, listing) =>
      `Check the rotation function's CloudWatch logs, then retry: aws secretsmanager rotate-secret --secret-id ${
        secret.arn || secret.name
      } --region ${listing.region}`,
  },
});
