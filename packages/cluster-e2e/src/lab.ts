/*
 * The local lab (lab/cluster/*.sh) seen from a test: start and stop it, read its env file, run
 * its kubectl, and the tails of its logs for failure messages.
 */
import { execFile, ExecFileOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// A test-only package, never bundled: its source folder is inside the repository.
// eslint-disable-next-line no-restricted-syntax
export const REPO_ROOT = path.resolve(__dirname, '../../..');
const CLUSTER_SCRIPTS = path.join(REPO_ROOT, 'lab', 'cluster');

/** The values lab/cluster/up.sh writes to $LAB_DIR/env.json. */
export interface LabEnv {
  LAB_DIR: string;
  LAB_KUBECONFIG: string;
  LAB_API_SERVER: string;
  LAB_TOKEN: string;
  LAB_CA_FILE: string;
  LAB_MOTO_ENDPOINT: string;
  LAB_AWS_REGION: string;
  LAB_AWS_ACCESS_KEY_ID: string;
  LAB_AWS_SECRET_ACCESS_KEY: string;
  LAB_KUBECTL: string;
  /** The cluster id EKS tokens must name, and the IAM roles the lab maps (or not). */
  LAB_EKS_CLUSTER_ID: string;
  LAB_EKS_ROLE_ARN: string;
  LAB_EKS_UNMAPPED_ROLE_ARN: string;
  /** The backend's kubeconfigs: an exec credential plugin, a client certificate. */
  LAB_EXEC_KUBECONFIG: string;
  LAB_CERT_KUBECONFIG: string;
  /** ServiceAccount tokens: with Secret metadata access, and without any Secret access. */
  LAB_READER_TOKEN_FILE: string;
  LAB_NO_SECRETS_TOKEN_FILE: string;
  /** Vault (dev mode): its address, root token, and the token ESO's store reads with. */
  LAB_VAULT_ADDR: string;
  LAB_VAULT_ROOT_TOKEN: string;
  LAB_VAULT_ESO_TOKEN: string;
}

function run(
  command: string,
  args: string[],
  options: ExecFileOptions & { input?: string } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { maxBuffer: 32 * 1024 * 1024, ...options },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `${path.basename(command)} ${args.join(' ')} failed: ${
                error.message
              }\n${String(stderr).slice(-3000)}`,
            ),
          );
        } else {
          resolve(String(stdout));
        }
      },
    );
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}

export class Lab {
  private constructor(readonly env: LabEnv) {}

  /** Starts a fresh lab in its own folder (never the interactive lab's), building what is missing. */
  static async start(
    dir = path.join(os.homedir(), '.cache', 'eso-health-lab', 'e2e'),
  ): Promise<Lab> {
    const env = { ...process.env, LAB_DIR: dir };
    await run(path.join(CLUSTER_SCRIPTS, 'up.sh'), ['--fresh'], {
      env,
      timeout: 20 * 60_000,
    });
    const values = JSON.parse(
      fs.readFileSync(path.join(dir, 'env.json'), 'utf8'),
    );
    return new Lab(values as LabEnv);
  }

  async stop(): Promise<void> {
    await run(path.join(CLUSTER_SCRIPTS, 'down.sh'), [], {
      env: { ...process.env, LAB_DIR: this.env.LAB_DIR },
      timeout: 120_000,
    });
  }

  /** Stops or starts only the kube-apiserver (same port, certificates and etcd). */
  async apiServer(action: 'stop' | 'start'): Promise<void> {
    await run(path.join(CLUSTER_SCRIPTS, 'apiserver.sh'), [action], {
      env: { ...process.env, LAB_DIR: this.env.LAB_DIR },
      timeout: 180_000,
    });
  }

  /** A file of the lab, such as a token, as text. */
  read(file: string): string {
    return fs.readFileSync(file, 'utf8').trim();
  }

  /** `kubectl auth can-i` as another user: true or false (it exits 1 for "no"). */
  canI(verb: string, resource: string, as: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      execFile(
        this.env.LAB_KUBECTL,
        [
          '--kubeconfig',
          this.env.LAB_KUBECONFIG,
          'auth',
          'can-i',
          verb,
          resource,
          `--as=${as}`,
        ],
        { timeout: 60_000 },
        (error, stdout) => {
          const answer = String(stdout).trim();
          if (answer === 'yes' || answer === 'no') resolve(answer === 'yes');
          else
            reject(
              error ?? new Error(`kubectl auth can-i printed '${answer}'`),
            );
        },
      );
    });
  }

  kubectl(args: string[], input?: string): Promise<string> {
    return run(
      this.env.LAB_KUBECTL,
      ['--kubeconfig', this.env.LAB_KUBECONFIG, ...args],
      { input, timeout: 120_000 },
    );
  }

  /** Server-side apply of YAML documents (client-side apply fails on ESO's large CRDs). */
  apply(yaml: string): Promise<string> {
    return this.kubectl(
      [
        'apply',
        '--server-side',
        '--force-conflicts',
        '--field-manager=e2e',
        '-f',
        '-',
      ],
      yaml,
    );
  }

  /** The last lines of the components' logs, to explain a failed wait. */
  logTails(
    components = [
      'external-secrets',
      'kube-apiserver',
      'kube-controller-manager',
      'kwok',
    ],
    lines = 25,
  ): string {
    return components
      .map(component => {
        const file = path.join(this.env.LAB_DIR, 'logs', `${component}.log`);
        const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
        return `--- ${file} (last ${lines} lines)\n${text
          .trimEnd()
          .split('\n')
          .slice(-lines)
          .join('\n')}`;
      })
      .join('\n');
  }
}
