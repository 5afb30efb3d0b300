/**
 * The parts of `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>[-XXXXXX]`.
 *
 * @public
 */
export function parseSecretArn(
  arn: string,
): { region: string; account: string; name: string } | undefined {
  return parseArn(arn, 'secretsmanager', 'secret:');
}

/**
 * The parts of `arn:<partition>:ssm:<region>:<account>:parameter/<name>` (the name keeps no leading `/`).
 *
 * @public
 */
export function parseParameterArn(
  arn: string,
): { region: string; account: string; name: string } | undefined {
  return parseArn(arn, 'ssm', 'parameter/');
}

function parseArn(
  arn: string,
  service: string,
  resourcePrefix: string,
): { region: string; account: string; name: string } | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== service)
    return undefined;
  const resource = parts.slice(5).join(':');
  if (!resource.startsWith(resourcePrefix)) return undefined;
  return {
    region: parts[3],
    account: parts[4],
    name: resource.slice(resourcePrefix.length),
  };
}

/**
 * The account id of an IAM role ARN (`arn:aws:iam::<account>:role/<name>`).
 *
 * @public
 */
export function roleArnAccount(role: string): string | undefined {
  const parts = role.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && parts[2] === 'iam'
    ? parts[4]
    : undefined;
}
