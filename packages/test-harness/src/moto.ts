/*
 * Starts moto (the AWS emulator) as a real server process on a free loopback port, for the
 * tests and benchmarks that talk to AWS Secrets Manager. moto is installed into
 * .tools/moto-venv by lab/build/install-moto.sh (run by the test command).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { superviseServer } from './waitUntilAnswering';

/** A running moto server. */
export interface MotoServer {
  /** e.g. http://127.0.0.1:41234, for the SDK's `endpoint` option. */
  endpoint: string;
  /** Access keys moto accepts while IAM is not enforced. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Clears every emulated resource (and turns IAM enforcement off again). */
  reset(): Promise<void>;
  /**
   * From the next request on, every call must be signed by an IAM user's keys and be allowed
   * by that user's policies (moto's INITIAL_NO_AUTH_ACTION_COUNT, set to 0 at run time).
   */
  enforceIam(): Promise<void>;
  /** Accepts any keys again (e.g. to change a user's policies before enforcing again). */
  stopEnforcingIam(): Promise<void>;
  /** Stops the process; resolves once it has exited. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

/** Where lab/build/install-moto.sh puts the moto executable, found from this file upward. */
function findMotoServer(): string {
  if (process.env.MOTO_SERVER) return process.env.MOTO_SERVER;
  // A test-only package, never bundled: its source folder is inside the repository.
  // eslint-disable-next-line no-restricted-syntax
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(
      dir,
      '.tools',
      'moto-venv',
      'bin',
      'moto_server',
    );
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) {
      throw new Error(
        'moto is not installed: run lab/build/install-moto.sh (the test command does)',
      );
    }
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function post(endpoint: string, route: string, body = ''): Promise<void> {
  const response = await fetch(`${endpoint}${route}`, { method: 'POST', body });
  if (!response.ok) {
    throw new Error(`moto ${route} answered ${response.status}`);
  }
}

export interface StartMotoOptions {
  /**
   * Runs moto's clock this many seconds off the real one (negative: in the past). moto
   * schedules rotations from its own clock and offers no way to set a date, so a test that
   * needs a rotation due days ago runs moto days behind.
   */
  clockOffsetSeconds?: number;
}

/**
 * moto's server started through our launcher, which corrects how moto evaluates IAM resources
 * for Secrets Manager and can shift its clock (see the launcher's docstring).
 */
// A test-only package run from source, where __dirname is this folder.
// eslint-disable-next-line no-restricted-syntax
const LAUNCHER = path.join(__dirname, 'motoLauncher.py');

/** Starts moto on 127.0.0.1 and a free port; call `stop()` when done. */
export async function startMoto(
  options: StartMotoOptions = {},
): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const server = findMotoServer();
  const args = ['-H', '127.0.0.1', '-p', String(port)];
  const python = path.join(path.dirname(server), 'python');
  const child = spawn(python, [LAUNCHER, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      MOTO_ALLOW_NONEXISTENT_REGION: 'false',
      ESO_MOTO_CLOCK_OFFSET_SECONDS: String(options.clockOffsetSeconds ?? 0),
    },
  });
  const stop = await superviseServer({
    name: 'moto',
    url: `${endpoint}/moto-api/data.json`,
    child,
    startTimeoutMs: START_TIMEOUT_MS,
    stopTimeoutMs: 5000,
  });
  return {
    endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    reset: async () => {
      await post(endpoint, '/moto-api/reset-auth', 'inf');
      await post(endpoint, '/moto-api/reset');
    },
    enforceIam: () => post(endpoint, '/moto-api/reset-auth', '0'),
    stopEnforcingIam: () => post(endpoint, '/moto-api/reset-auth', 'inf'),
    stop,
  };
}

/**
 * moto for the calling test suite: started in a beforeAll (with `options`), stopped in an
 * afterAll. The returned server is usable inside the suite's hooks and tests.
 */
export function useMoto(options: StartMotoOptions = {}): MotoServer {
  let server: MotoServer | undefined;
  const started = (): MotoServer => {
    if (!server) throw new Error('moto is not started yet: use it in a test');
    return server;
  };
  beforeAll(async () => {
    server = await startMoto(options);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get endpoint() {
      return started().endpoint;
    },
    get credentials() {
      return started().credentials;
    },
    reset: () => started().reset(),
    enforceIam: () => started().enforceIam(),
    stopEnforcingIam: () => started().stopEnforcingIam(),
    stop: () => started().stop(),
  };
}

/** The account moto answers for unless told otherwise: resources created there get its ARNs. */
export const MOTO_ACCOUNT_ID = '123456789012';

/** What an AWS SDK client needs to call moto: region, endpoint and keys (moto's own by default). */
export function motoClientConfig(
  moto: MotoServer,
  region: string,
  credentials: {
    accessKeyId: string;
    secretAccessKey: string;
  } = moto.credentials,
) {
  return { region, endpoint: moto.endpoint, credentials };
}

/**
 * An AWS account of the plugin's config (externalSecrets.aws.accounts[], the collectors'
 * AwsAccountConfig) that reaches `moto` in `region` with its default keys.
 */
export function motoAccount(moto: MotoServer, region: string, name = 'test') {
  return {
    name,
    region,
    endpoint: moto.endpoint,
    namePrefixes: [] as string[],
    staticCredentials: moto.credentials,
  };
}
