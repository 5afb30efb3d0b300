import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { MotoServer } from './moto';

export interface IamUserKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

const iamClient = (moto: MotoServer) =>
  new IAMClient({
    region: 'us-east-1',
    endpoint: moto.endpoint,
    credentials: moto.credentials,
  });

/** Replaces the user's one inline policy with an Allow of exactly these actions. */
export async function setUserActions(
  moto: MotoServer,
  userName: string,
  actions: string[],
): Promise<void> {
  await iamClient(moto).send(
    new PutUserPolicyCommand({
      UserName: userName,
      PolicyName: 'allowed-actions',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
      }),
    }),
  );
}

/**
 * Creates an IAM user in moto allowed exactly `actions`, and returns its keys. Call before
 * `enforceIam()` (or after `stopEnforcingIam()`): moto's own keys are not an IAM user.
 */
export async function createIamUser(
  moto: MotoServer,
  userName: string,
  actions: string[],
): Promise<IamUserKeys> {
  const iam = iamClient(moto);
  await iam.send(new CreateUserCommand({ UserName: userName }));
  await setUserActions(moto, userName, actions);
  const { AccessKey } = await iam.send(
    new CreateAccessKeyCommand({ UserName: userName }),
  );
  return {
    accessKeyId: AccessKey!.AccessKeyId!,
    secretAccessKey: AccessKey!.SecretAccessKey!,
  };
}
