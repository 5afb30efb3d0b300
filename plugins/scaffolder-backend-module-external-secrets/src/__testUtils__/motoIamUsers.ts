/*
 * A policy the template writes, evaluated by moto's IAM engine: moto started, the resources a
 * test reads created with moto's own keys, one IAM user per policy (its only policy), and IAM
 * enforced; then the test calls AWS with each user's keys and looks at what was allowed.
 */
import {
  createIamUserWithPolicy,
  MOTO_ACCOUNT_ID,
  motoClientConfig,
  MotoServer,
  startMoto,
} from '@eso-health/test-harness';

export { MOTO_ACCOUNT_ID };
/** moto's default region. */
export const MOTO_REGION = 'us-east-1';

/** What an AWS SDK client needs to call moto: its region, endpoint and keys. */
export interface MotoClientConfig {
  region: string;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** 1 for the IAM users: a denial is an answer, not a failure to retry. */
  maxAttempts?: number;
}

export interface MotoWithIamUsers {
  moto: MotoServer;
  /** The client configuration of each user, by the name its policy was given under. */
  users: Record<string, MotoClientConfig>;
}

/**
 * Starts moto, lets `seed` create what the test reads (with moto's own, unrestricted keys),
 * creates an IAM user `<prefix>-<name>` for each policy (the user's only policy) and then
 * enforces IAM. Stop `moto` after the tests (it is stopped here when a step fails).
 */
export async function startMotoWithIamUsers(options: {
  userPrefix: string;
  policies: Record<string, string>;
  seed: (admin: MotoClientConfig) => Promise<void>;
}): Promise<MotoWithIamUsers> {
  const moto = await startMoto();
  const config = (credentials: MotoClientConfig['credentials']) =>
    motoClientConfig(moto, MOTO_REGION, credentials);
  try {
    await options.seed(config(moto.credentials));
    const users: Record<string, MotoClientConfig> = {};
    for (const [name, policy] of Object.entries(options.policies)) {
      const keys = await createIamUserWithPolicy(
        moto,
        `${options.userPrefix}-${name}`,
        policy,
      );
      users[name] = { ...config(keys), maxAttempts: 1 };
    }
    await moto.enforceIam();
    return { moto, users };
  } catch (error) {
    await moto.stop();
    throw error;
  }
}

/**
 * "allowed", "access-denied", or what else happened. moto answers a denial with an XML body
 * the JSON protocol cannot parse, so a denial is recognised by its HTTP status as well.
 */
export async function accessOutcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'allowed';
  } catch (error) {
    const e = error as {
      name?: string;
      message?: string;
      $metadata?: { httpStatusCode?: number };
    };
    const status = e.$metadata?.httpStatusCode;
    if (
      e.name === 'AccessDeniedException' ||
      e.name === 'AccessDenied' ||
      status === 403
    ) {
      return 'access-denied';
    }
    return `${e.name} (HTTP ${status}): ${e.message?.split('\n')[0]}`;
  }
}
