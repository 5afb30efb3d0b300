import nodePath from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import {
  AwsListSecretsParseError,
  collectClusterObjectsWithStats,
  parseAwsListSecrets,
  parseSsmDescribeParameters,
  parseVaultMetadataDump,
  ProviderDumpParseError,
  ProviderMetadata,
  SSM_DESCRIBE_COMMAND,
} from '@eso-health/plugin-external-secrets-common';
import { buildDriftReport, hasErrorFinding } from './buildDriftReport';
import { formatTable } from './formatTable';
import {
  FileSystem,
  BadInputError,
  nodeFileSystem,
  readInputFile,
  readManifests,
} from '@eso-health/plugin-external-secrets-node';

/** Exit codes of the CLI (docs/cli.md). */
export const EXIT_OK = 0;
export const EXIT_ERROR_FINDINGS = 1;
export const EXIT_BAD_INPUT = 2;

export interface DriftCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  fs?: FileSystem;
  /** The clock used when --now is not given. */
  clock?: () => Date;
  /** Print the stack of internal errors (EXTERNAL_SECRETS_DRIFT_DEBUG=1). */
  debug?: boolean;
}

export const KUBECTL_COMMAND =
  'kubectl get externalsecrets,secretstores,clustersecretstores,secrets,pods,replicasets,deployments,statefulsets,daemonsets,jobs,cronjobs,events -A -o yaml --show-managed-fields';
export const AWS_COMMAND =
  'aws secretsmanager list-secrets --include-planned-deletion --output json';

interface Options {
  manifests?: string[];
  cluster: string;
  secrets: string;
  awsSecrets?: string;
  ssmParameters?: string[];
  vaultMetadata?: string[];
  now?: string;
  json?: boolean;
}

const repeatable = (value: string, previous: string[] | undefined) => [
  ...(previous ?? []),
  value,
];

function createProgram(io: DriftCliIo): Command {
  const program = new Command('external-secrets-drift');
  program
    .description(
      'Offline drift report for External Secrets Operator: reads kubectl dumps (and optionally the output of aws secretsmanager list-secrets) and shows, per service (backstage.io/kubernetes-id), which ExternalSecrets fail, lag the provider, or feed pods an old value.',
    )
    .addOption(
      new Option(
        '--manifests <path>',
        'a file or folder of kubectl YAML/JSON output (repeatable; all of them are one cluster)',
      ).argParser(repeatable),
    )
    .option('--cluster <name>', 'cluster name shown in the report', 'default')
    .option(
      '--secrets <access>',
      "`none` when the dumps hold no Secrets on purpose (their reader may not list them, as a backend with `secrets: none`): Secret changes then come from ESO's Updated Events in the dumps, and a Secret not seen is unknown, not missing",
      'metadata',
    )
    .option(
      '--aws-secrets <file>',
      'JSON of `aws secretsmanager list-secrets --include-planned-deletion` (regions are read from the ARNs)',
    )
    .addOption(
      new Option(
        '--ssm-parameters <file>',
        `JSON of \`${SSM_DESCRIBE_COMMAND}\` (repeatable; regions are read from the ARNs)`,
      ).argParser(repeatable),
    )
    .addOption(
      new Option(
        '--vault-metadata <file>',
        'a Vault KV v2 metadata dump: {"server", "mount", "metadata": {"<path>": <GET <mount>/metadata/<path>>}} (repeatable; see docs/cli.md)',
      ).argParser(repeatable),
    )
    .option(
      '--now <time>',
      'evaluate as of this ISO time instead of the current time (e.g. the capture time of the dumps)',
    )
    .option('--json', 'print JSON instead of a table')
    .helpOption('-h, --help', 'show this help')
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
    })
    .addHelpText(
      'after',
      `
How to make the dumps
  ${KUBECTL_COMMAND} > cluster.yaml
  (without the right to list Secrets: drop "secrets," from that list and pass --secrets none)
  ${AWS_COMMAND} > aws-secrets.json
  ${SSM_DESCRIBE_COMMAND} > ssm-parameters.json
  (Vault: see docs/cli.md for a metadata-only dump made with the vault CLI)
Secret data in a dump is dropped on read and never printed.

Exit codes: 0 no ExternalSecret has an error finding, 1 at least one has, 2 bad input.

Example, on the demo dumps
  external-secrets-drift --manifests examples/demo-cluster --aws-secrets examples/demo-cluster/aws-list-secrets.json --ssm-parameters examples/demo-cluster/ssm-parameters.json --vault-metadata examples/demo-cluster/vault-metadata.json --now 2026-11-23T12:00:00Z
`,
    );
  return program;
}

function parseNow(value: string | undefined, clock: () => Date): Date {
  if (value === undefined) {
    return clock();
  }
  const iso =
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
  const time = Date.parse(value);
  if (!iso.test(value) || Number.isNaN(time)) {
    throw new BadInputError(
      `--now ${value} is not an ISO date-time with a time zone, e.g. 2026-11-23T12:00:00Z.`,
    );
  }
  return new Date(time);
}

function summariseSkipped(skipped: Record<string, number>): string | undefined {
  const entries = Object.entries(skipped);
  if (entries.length === 0) {
    return undefined;
  }
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  const kinds = entries
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, count]) => (count > 1 ? `${kind} ×${count}` : kind))
    .join(', ');
  return `note: skipped ${total} object${
    total === 1 ? '' : 's'
  } of kinds the report does not read (${kinds}).`;
}

/** The note on objects seen more than once, and which copy was used. */
export function describeDuplicates(
  duplicates: number,
  inOtherVersions: number,
): string | undefined {
  if (duplicates <= 0) {
    return undefined;
  }
  const copies = `${duplicates} object${
    duplicates === 1 ? '' : 's'
  } appeared more than once in the dumps`;
  if (inOtherVersions <= 0) {
    return `note: ${copies}; the last copy was used.`;
  }
  const preferred =
    'the copy of the newest API version was used (external-secrets.io/v1 over v1beta1)';
  if (inOtherVersions >= duplicates) {
    return `note: ${copies}, in several API versions; ${preferred}.`;
  }
  return `note: ${copies} (${inOtherVersions} in several API versions); ${preferred}, else the last copy.`;
}

/**
 * Runs the CLI on `argv` (arguments only, without node and the script) and returns the exit
 * code. Writes the report to `io.stdout` only on success (exit 0 or 1); on bad input (exit 2)
 * writes one message to `io.stderr` and nothing to stdout. Messages never quote file contents.
 */
export async function runDriftCli(
  argv: string[],
  io: DriftCliIo,
): Promise<number> {
  const fs = io.fs ?? nodeFileSystem;
  const clock = io.clock ?? (() => new Date());
  const program = createProgram(io);

  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.help'
      ) {
        return EXIT_OK;
      }
      io.stderr('Run external-secrets-drift --help for the usage.\n');
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
  const options = program.opts<Options>();

  const warnings: string[] = [];
  let output: string;
  let exitCode: number;
  try {
    const manifestPaths = options.manifests ?? [];
    if (manifestPaths.length === 0) {
      throw new BadInputError(
        `--manifests is required: pass a file or folder holding the output of\n  ${KUBECTL_COMMAND}`,
      );
    }
    const now = parseNow(options.now, clock);
    const cluster = options.cluster.trim() || 'default';
    if (options.secrets !== 'metadata' && options.secrets !== 'none') {
      throw new BadInputError(
        `--secrets must be 'metadata' or 'none', got '${options.secrets}'.`,
      );
    }
    const secrets = options.secrets;

    const manifests = await readManifests(manifestPaths, fs);

    let provider: ProviderMetadata | undefined;
    if (options.awsSecrets !== undefined) {
      const { text, mtime } = await readInputFile(
        options.awsSecrets,
        fs,
        '--aws-secrets',
      );
      try {
        provider = parseAwsListSecrets(text, {
          refreshedAt: (options.now !== undefined ? now : mtime).toISOString(),
          source: options.awsSecrets,
        });
      } catch (error) {
        if (error instanceof AwsListSecretsParseError) {
          throw new BadInputError(`${error.message}.`);
        }
        throw new BadInputError(
          `Cannot read --aws-secrets ${options.awsSecrets}: expected the JSON of ${AWS_COMMAND}.`,
        );
      }
    }
    const dumps = [
      ...(options.ssmParameters ?? []).map(file => ({
        file,
        flag: '--ssm-parameters',
        parse: parseSsmDescribeParameters,
      })),
      ...(options.vaultMetadata ?? []).map(file => ({
        file,
        flag: '--vault-metadata',
        parse: parseVaultMetadataDump,
      })),
    ];
    for (const { file, flag, parse } of dumps) {
      const { text, mtime } = await readInputFile(file, fs, flag);
      try {
        provider = {
          ...provider,
          ...parse(text, {
            refreshedAt: (options.now !== undefined
              ? now
              : mtime
            ).toISOString(),
            source: `${flag} ${file}`,
          }),
        };
      } catch (error) {
        if (error instanceof ProviderDumpParseError)
          throw new BadInputError(`${error.message}.`);
        throw new BadInputError(`Cannot read ${flag} ${file}.`);
      }
    }

    const given: Record<string, string[]> = {
      '--aws-secrets': options.awsSecrets ? [options.awsSecrets] : [],
      '--ssm-parameters': options.ssmParameters ?? [],
      '--vault-metadata': options.vaultMetadata ?? [],
    };
    const DUMP_NAMES: Record<string, string> = {
      '--aws-secrets': 'aws secretsmanager list-secrets output',
      '--ssm-parameters': 'aws ssm describe-parameters output',
      '--vault-metadata': 'a Vault KV metadata dump',
    };
    for (const { file, flag } of manifests.providerDumpFiles) {
      if (
        !given[flag].some(
          path => nodePath.resolve(file) === nodePath.resolve(path),
        )
      ) {
        warnings.push(
          `note: ${file} holds ${DUMP_NAMES[flag]}, not Kubernetes objects: it was left out; pass it with ${flag} to use it.`,
        );
      }
    }

    const collected = collectClusterObjectsWithStats(manifests.objects);
    let { objects } = collected;
    if (secrets === 'none') {
      if (objects.secrets.length > 0) {
        warnings.push(
          `note: --secrets none: the ${objects.secrets.length} Secrets in the dumps were left out.`,
        );
      }
      objects = { ...objects, secrets: [] };
    } else if (
      objects.secrets.length === 0 &&
      objects.externalSecrets.length > 0
    ) {
      warnings.push(
        'warning: the dumps hold no Secret, so every target Secret looks missing: include secrets in the kubectl get command, or pass --secrets none if they were left out on purpose.',
      );
    } else if (collected.secretsWithoutManagedFields > 0) {
      warnings.push(
        `warning: ${collected.secretsWithoutManagedFields} of ${objects.secrets.length} Secrets carry no managedFields (dump made without --show-managed-fields?): their last change time is unknown, so pods reading an old value cannot be detected. Re-run kubectl get with --show-managed-fields.`,
      );
    }
    const skipped = summariseSkipped(collected.skipped);
    if (skipped) {
      warnings.push(skipped);
    }
    const duplicateNote = describeDuplicates(
      collected.duplicates,
      collected.duplicatesInOtherVersions,
    );
    if (duplicateNote) {
      warnings.push(duplicateNote);
    }
    if (objects.externalSecrets.length === 0) {
      warnings.push(
        'warning: no ExternalSecrets found in the dumps: include externalsecrets in the kubectl get command.',
      );
    }

    const report = buildDriftReport({
      cluster,
      objects,
      provider,
      now,
      secrets,
    });
    output = options.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : formatTable(report, { cluster, now, provider });
    exitCode = hasErrorFinding(report) ? EXIT_ERROR_FINDINGS : EXIT_OK;
  } catch (error) {
    if (error instanceof BadInputError) {
      io.stderr(`external-secrets-drift: ${error.message}\n`);
    } else {
      // An internal failure. Its message is not printed by default: it could quote input.
      const name = error instanceof Error ? error.name : typeof error;
      io.stderr(
        `external-secrets-drift: internal error (${name}) while building the report; set EXTERNAL_SECRETS_DRIFT_DEBUG=1 to print it, and report it.\n`,
      );
      if (io.debug && error instanceof Error) {
        io.stderr(`${error.stack ?? error.message}\n`);
      }
    }
    return EXIT_BAD_INPUT;
  }

  for (const warning of warnings) {
    io.stderr(`${warning}\n`);
  }
  io.stdout(output);
  return exitCode;
}
