/**
 * `external-secrets-drift`: the offline drift report of the External Secrets plugin, from
 * kubectl dumps and `aws secretsmanager list-secrets` output.
 *
 * @packageDocumentation
 */
import { runDriftCli } from './runDriftCli';

runDriftCli(process.argv.slice(2), {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  debug: process.env.EXTERNAL_SECRETS_DRIFT_DEBUG === '1',
}).then(
  code => {
    process.exitCode = code;
  },
  error => {
    process.stderr.write(
      `external-secrets-drift: internal error (${
        error instanceof Error ? error.name : typeof error
      })\n`,
    );
    process.exitCode = 2;
  },
);
