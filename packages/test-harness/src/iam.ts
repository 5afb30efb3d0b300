import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { MOTO_ACCOUNT_ID, motoClientConfig, MotoServer } from './moto';

export interface IamUserKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

/** An IAM policy document: its JSON text (sent verbatim) or the object to serialize. */
export type IamPolicyDocument = string | Record<string, unknown>;

const iamClient = (moto: MotoServer) =>
  new IAMClient(motoClientConfig(moto, 'us-east-1'));

const allowActions = (actions: string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
});

/** Replaces the user's one inline policy with this document. */
async function setUserPolicy(
  moto: MotoServer,
  userName: string,
  policyDocument: IamPolicyDocument,
): Promise<void> {
  await iamClient(moto).send(
    new PutUserPolicyCommand({
      UserName: userName,
      PolicyName: 'allowed-actions',
      PolicyDocument:
        typeof policyDocument === 'string'
          ? policyDocument
          : JSON.stringify(policyDocument),
    }),
  );
}

/** Replaces the user's one inline policy with an Allow of exactly these actions. */
export async function setUserActions(
  moto: MotoServer,
  userName: string,
  actions: string[],
): Promise<void> {
  await setUserPolicy(moto, userName, allowActions(actions));
}

/**
 * Creates an IAM user in moto whose only policy is `policyDocument`, and returns its keys.
 * Call before `enforceIam()` (or after `stopEnforcingIam()`): moto's own keys are not an IAM
 * user.
 */
export async function createIamUserWithPolicy(
  moto: MotoServer,
  userName: string,
  policyDocument: IamPolicyDocument,
): Promise<IamUserKeys> {
  const iam = iamClient(moto);
  await iam.send(new CreateUserCommand({ UserName: userName }));
  await setUserPolicy(moto, userName, policyDocument);
  const { AccessKey } = await iam.send(
    new CreateAccessKeyCommand({ UserName: userName }),
  );
  return {
    accessKeyId: AccessKey!.AccessKeyId!,
    secretAccessKey: AccessKey!.SecretAccessKey!,
  };
}

/**
 * Creates an IAM user in moto allowed exactly `actions` (on every resource), and returns its
 * keys. Same timing as {@link createIamUserWithPolicy}.
 */
export async function createIamUser(
  moto: MotoServer,
  userName: string,
  actions: string[],
): Promise<IamUserKeys> {
  return createIamUserWithPolicy(moto, userName, allowActions(actions));
}

/** The ARN of an IAM user of moto's account. */
export const iamUserArn = (userName: string) =>
  `arn:aws:iam::${MOTO_ACCOUNT_ID}:user/${userName}`;

/**
 * Creates an IAM role in moto that `trustedPrincipal` (an ARN) may assume, allowed exactly
 * `actions` (on every resource), and returns its ARN. moto compares a trust policy's principal
 * literally (an account root does not stand for its users), so name the caller itself. Same
 * timing as {@link createIamUserWithPolicy}.
 */
export async function createIamRole(
  moto: MotoServer,
  roleName: string,
  actions: string[],
  trustedPrincipal: string,
): Promise<string> {
  const iam = iamClient(moto);
  const { Role } = await iam.send(
    new CreateRoleCommand({
      RoleName: roleName,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: trustedPrincipal },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: 'allowed-actions',
      PolicyDocument: JSON.stringify(allowActions(actions)),
    }),
  );
  return Role!.Arn!;
}
