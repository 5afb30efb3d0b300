/*
 * The secret-value canary: a unique value to seed into Secrets, and the checks that it never
 * comes out of anything the backend or the CLI writes, in any of the forms it could take.
 */
import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export class Canary {
  /** The value, unique to this run. */
  readonly value = `canary-${randomUUID()}`;
  /** The value as it is stored in a Secret's `data`. */
  readonly base64 = Buffer.from(this.value).toString('base64');

  /** Every form it could leak in: plain, base64, base64url, base64 of its JSON string. */
  get forms(): string[] {
    return [
      this.value,
      this.base64,
      Buffer.from(this.value).toString('base64url'),
      Buffer.from(JSON.stringify(this.value)).toString('base64'),
    ];
  }

  /** One finding per form of the canary that `text` holds; [] when none. */
  leaks(what: string, text: string): string[] {
    return this.forms
      .filter(form => text.includes(form))
      .map(
        form =>
          `${what} holds the canary (${
            form === this.value ? 'plain' : 'encoded'
          })`,
      );
  }

  /**
   * Seeds the canary into a Secret object (mutated): a `data` key (base64), a `stringData` key,
   * and the `kubectl.kubernetes.io/last-applied-configuration` annotation `kubectl apply` writes.
   */
  seed<T extends { metadata?: any; data?: any; stringData?: any }>(
    secret: T,
  ): T {
    const applied = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: secret.metadata?.name,
        namespace: secret.metadata?.namespace,
      },
      data: { 'canary-key': this.base64 },
      stringData: { 'canary-string': this.value },
    };
    secret.data = { ...secret.data, 'canary-key': this.base64 };
    secret.stringData = { ...secret.stringData, 'canary-string': this.value };
    secret.metadata = {
      ...secret.metadata,
      annotations: {
        ...secret.metadata?.annotations,
        'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(
          applied,
        )}\n`,
      },
    };
    return secret;
  }
}

/**
 * A root logger service that keeps every line the backend logs, at every level, with its
 * metadata and the fields of its child loggers, as JSON in `lines`.
 */
export function capturingRootLogger(lines: string[]) {
  const make = (fields: Record<string, unknown>): LoggerService => {
    const write =
      (level: string) => (message: string, meta?: Error | object) => {
        lines.push(
          JSON.stringify({
            level,
            message,
            fields,
            meta:
              meta instanceof Error
                ? { name: meta.name, message: meta.message, stack: meta.stack }
                : meta,
          }),
        );
      };
    return {
      error: write('error'),
      warn: write('warn'),
      info: write('info'),
      debug: write('debug'),
      child: more => make({ ...fields, ...more }),
    };
  };
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => make({}),
  });
}

/** Every file under `dir` (SQLite's -wal and -journal files included), its bytes as text. */
export function filesUnder(dir: string): Array<{ file: string; text: string }> {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .flatMap(name => {
      const file = path.join(dir, name);
      return fs.statSync(file).isFile()
        ? [{ file, text: fs.readFileSync(file).toString('latin1') }]
        : [];
    });
}
