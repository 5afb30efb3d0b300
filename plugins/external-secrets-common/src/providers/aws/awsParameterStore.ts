import { str } from '../../kubernetes/untrusted';
import { parseParameterArn } from './arns';
import { defineAwsProvider } from './awsStores';

/**
 * AWS Systems Manager Parameter Store (ESO `aws` stores with `service: ParameterStore`). A key,
 * after the store's prefix, is a parameter name or ARN; listings come from DescribeParameters,
 * which carries LastModifiedDate and Version, never a value.
 *
 * @public
 */
export const awsParameterStore = defineAwsProvider({
  id: 'aws-parameter-store',
  title: 'AWS Parameter Store',
  service: 'ParameterStore',
  idsOf: parameter => [str(parameter.name), str(parameter.arn)],
  parseArn: id => {
    // A parameter's name starts with `/`, which its ARN leaves out.
    const arn = parseParameterArn(id);
    return arn && { ...arn, name: `/${arn.name}` };
  },
  wording: {
    accessRemedy:
      "grant the store's AWS identity ssm:GetParameter on the parameter (and kms:Decrypt for a SecureString under a customer-managed key), or fix its role or credentials.",
    dataName: 'Parameter Store data',
    secret: key => `AWS parameter "${key}"`,
    changed: (secret, evidence) =>
      evidence === 'version' && secret.currentVersion
        ? `got version ${secret.currentVersion} at ${secret.currentVersionCreatedDate}`
        : `changed at ${secret.lastChangedDate} (per LastModifiedDate)`,
    where: listing => `AWS Parameter Store in ${listing.region}`,
    absentRemedy: (listing, hasPrefix) =>
      `Create the parameter in ${
        listing.region
      } (aws ssm put-parameter --type SecureString --region ${
        listing.region
      } …), or fix the key in the ExternalSecret${
        hasPrefix ? ' or the store prefix' : ''
      }.`,
    deleted: (secret, listing) => ({
      state: 'was deleted',
      detail: `${secret.deletedDate}`,
      remedy: `Create it again in ${listing.region}, or point the ExternalSecret at another parameter.`,
    }),
    expiryRemedy: (secret, listing) =>
      `Write a new value before it expires, or change its Expiration policy: aws ssm put-parameter --name ${secret.name} --overwrite --policies … --region ${listing.region}`,
  },
});
