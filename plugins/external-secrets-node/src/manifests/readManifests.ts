import { promises as nodeFs } from 'node:fs';
import nodePath from 'node:path';
import {
  describeNotAManifestDump,
  holdsKubernetesObjects,
  KubeObject,
  KubernetesDocumentsParseError,
  KubernetesDump,
  NotAManifestDumpReason,
  parseKubernetesDump,
  sniffNotAManifestDump,
} from '@eso-health/plugin-external-secrets-common';

/**
 * Bad input: a missing or unreadable path, an unparseable file, a malformed value. The message
 * never echoes file contents (the CLI exits 2 with it; the backend shows it as a cluster error).
 *
 * @public
 */
export class BadInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadInputError';
  }
}

/**
 * The file system operations needed to read dumps, injectable for tests.
 *
 * @public
 */
export interface FileSystem {
  stat(path: string): Promise<{
    isFile(): boolean;
    isDirectory(): boolean;
    mtime: Date;
  }>;
  readdir(path: string): Promise<string[]>;
  readFile(path: string): Promise<string>;
  realpath(path: string): Promise<string>;
}

/**
 * The text of a file's bytes: UTF-8, or UTF-16 when it starts with a UTF-16 byte order mark (what
 * Windows PowerShell 5's `>` writes). Other bytes are left to {@link readManifests} to judge.
 *
 * @public
 */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return bytes.subarray(2).toString('utf16le');
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const even = Buffer.from(
      bytes.subarray(2, bytes.length - (bytes.length % 2)),
    );
    return even.swap16().toString('utf16le');
  }
  return bytes.toString('utf8');
}

/** @public */
export const nodeFileSystem: FileSystem = {
  stat: path => nodeFs.stat(path),
  readdir: path => nodeFs.readdir(path),
  readFile: async path => decodeText(await nodeFs.readFile(path)),
  realpath: path => nodeFs.realpath(path),
};

/**
 * Extensions read inside folders; a file named explicitly is read whatever its extension.
 *
 * @public
 */
export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/**
 * Says why a path cannot be read, from the error code only (never the file's content).
 *
 * @public
 */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder, a file was expected';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return code ? `error ${code}` : 'it cannot be read';
  }
}

function isManifestFile(name: string): boolean {
  const lower = name.toLowerCase();
  return MANIFEST_EXTENSIONS.some(extension => lower.endsWith(extension));
}

/**
 * The manifest files of the given paths: a file as given; a folder recursively, its `.yaml`,
 * `.yml` and `.json` files in name order (hidden entries and `node_modules` are skipped).
 * Throws an {@link BadInputError} for a path that cannot be read or a folder without manifests.
 *
 * @public
 */
export async function listManifestFiles(
  paths: string[],
  fs: FileSystem,
  flag = '--manifests',
): Promise<string[]> {
  return (await listManifestFilesFrom(paths, fs, flag)).map(({ file }) => file);
}

/** {@link listManifestFiles}, each file with the given path it was found under. */
async function listManifestFilesFrom(
  paths: string[],
  fs: FileSystem,
  flag: string,
): Promise<Array<{ file: string; from: string }>> {
  const files: Array<{ file: string; from: string }> = [];
  const seen = new Set<string>();
  const visitedFolders = new Set<string>();
  let from = '';

  const addFile = async (file: string) => {
    const real = await fs.realpath(file).catch(() => file);
    if (!seen.has(real)) {
      seen.add(real);
      files.push({ file, from });
    }
  };

  const walk = async (folder: string, depth: number): Promise<number> => {
    const real = await fs.realpath(folder).catch(() => folder);
    if (visitedFolders.has(real) || depth > 32) {
      return 0;
    }
    visitedFolders.add(real);
    let found = 0;
    const names = (await fs.readdir(folder)).sort();
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') {
        continue;
      }
      const child = nodePath.join(folder, name);
      let stat;
      try {
        stat = await fs.stat(child);
      } catch {
        continue; // a dangling link inside a folder is not the user's input
      }
      if (stat.isDirectory()) {
        found += await walk(child, depth + 1);
      } else if (stat.isFile() && isManifestFile(name)) {
        await addFile(child);
        found += 1;
      }
    }
    return found;
  };

  for (const path of paths) {
    from = path;
    let stat;
    try {
      stat = await fs.stat(path);
    } catch (error) {
      throw new BadInputError(
        `Cannot read ${flag} ${path}: ${describeFsError(error)}.`,
      );
    }
    try {
      if (stat.isDirectory()) {
        const found = await walk(path, 0);
        if (found === 0) {
          throw new BadInputError(
            `${flag} ${path} is a folder without .yaml, .yml or .json files: point it at the output of kubectl get ... -o yaml.`,
          );
        }
      } else {
        await addFile(path);
      }
    } catch (error) {
      if (error instanceof BadInputError) {
        throw error;
      }
      throw new BadInputError(
        `Cannot read ${flag} ${path}: ${describeFsError(error)}.`,
      );
    }
  }
  return files;
}

/**
 * The drift CLI flag that reads a provider dump, by how its documents look.
 *
 * @public
 */
export type ProviderDumpFlag =
  | '--aws-secrets'
  | '--ssm-parameters'
  | '--vault-metadata';

const PROVIDER_DUMP_SHAPES: Array<
  [ProviderDumpFlag, (o: KubeObject) => boolean]
> = [
  ['--aws-secrets', o => Array.isArray(o.SecretList)],
  ['--ssm-parameters', o => Array.isArray(o.Parameters)],
  [
    '--vault-metadata',
    o =>
      typeof o.server === 'string' &&
      typeof o.mount === 'string' &&
      typeof o.metadata === 'object',
  ],
];

/**
 * The flag whose input these parsed documents are (AWS list-secrets, SSM describe-parameters,
 * a Vault KV metadata dump) rather than Kubernetes objects; undefined for manifests.
 *
 * @public
 */
export function providerDumpFlag(
  objects: KubeObject[],
): ProviderDumpFlag | undefined {
  if (!objects.length || objects.some(o => o.kind !== undefined))
    return undefined;
  return PROVIDER_DUMP_SHAPES.find(([, shape]) => objects.every(shape))?.[0];
}

/**
 * True when parsed documents are the output of `aws secretsmanager list-secrets`, not Kubernetes objects.
 *
 * @public
 */
export function looksLikeAwsListSecrets(objects: KubeObject[]): boolean {
  return providerDumpFlag(objects) === '--aws-secrets';
}

/** @public */
export interface ManifestInputs {
  objects: KubeObject[];
  /** Every file read. */
  files: string[];
  /** Files holding provider dumps (not manifests, left out), with the flag that reads each. */
  providerDumpFiles: Array<{ file: string; flag: ProviderDumpFlag }>;
}

/**
 * The message for a file that is not a manifest dump: it names the file (and the folder it was
 * found in), says what it is and what was expected, and quotes nothing of it.
 *
 * @public
 */
export function notAManifestDumpMessage(
  file: string,
  reason: NotAManifestDumpReason,
  from: string = file,
  flag = '--manifests',
): string {
  const inFolder = from !== file;
  const subject = inFolder ? `${file} (in ${flag} ${from})` : `${flag} ${file}`;
  const remedy = inFolder
    ? ' Remove it from the folder, or pass the dump files themselves.'
    : '';
  return `${subject} ${describeNotAManifestDump(reason)}.${remedy}`;
}

/**
 * Reads and parses every manifest file of the given paths into one list of objects (one cluster).
 * Throws a {@link BadInputError} naming the file for one that is not a manifest dump (empty,
 * compressed or binary, `kubectl get` table or `kubectl describe` output, YAML or JSON without any
 * Kubernetes object), also inside a folder: such a file would otherwise pass as a cluster with
 * nothing in it. A provider dump (AWS, SSM, Vault) is set aside in `providerDumpFiles` instead,
 * unless nothing else was found.
 *
 * @public
 */
export async function readManifests(
  paths: string[],
  fs: FileSystem,
  options: {
    /** How messages name the setting that gave the paths (default `--manifests`). */
    flag?: string;
  } = {},
): Promise<ManifestInputs> {
  const flag = options.flag ?? '--manifests';
  const listed = await listManifestFilesFrom(paths, fs, flag);
  const files = listed.map(({ file }) => file);
  const objects: KubeObject[] = [];
  const providerDumpFiles: ManifestInputs['providerDumpFiles'] = [];
  for (const { file, from } of listed) {
    let text: string;
    try {
      text = await fs.readFile(file);
    } catch (error) {
      throw new BadInputError(
        `Cannot read ${file}: ${describeFsError(error)}.`,
      );
    }
    const sniffed = sniffNotAManifestDump(text);
    if (sniffed) {
      throw new BadInputError(
        notAManifestDumpMessage(file, sniffed, from, flag),
      );
    }
    let dump: KubernetesDump;
    try {
      dump = parseKubernetesDump(text, { source: file });
    } catch (error) {
      if (error instanceof KubernetesDocumentsParseError) {
        throw new BadInputError(
          `${error.message}. Produce dumps with kubectl get ... -o yaml (or -o json).`,
        );
      }
      throw new BadInputError(`Cannot parse ${file} as YAML or JSON.`);
    }
    const providerFlag = providerDumpFlag(dump.objects);
    if (providerFlag) {
      providerDumpFiles.push({ file, flag: providerFlag });
      continue;
    }
    if (!holdsKubernetesObjects(dump)) {
      throw new BadInputError(
        notAManifestDumpMessage(
          file,
          dump.documents === 0 ? 'empty' : 'no-objects',
          from,
          flag,
        ),
      );
    }
    objects.push(...dump.objects);
  }
  if (files.length > 0 && providerDumpFiles.length === files.length) {
    // Nothing but provider metadata: an empty cluster would pass as a clean one.
    const [first] = providerDumpFiles;
    throw new BadInputError(
      `${flag} ${paths.join(
        ', ',
      )} holds no Kubernetes objects, only provider metadata (${
        first.file
      } is read with ${
        first.flag
      }): pass the output of kubectl get <kinds> -A -o yaml with ${flag}.`,
    );
  }
  return { objects, files, providerDumpFiles };
}

/**
 * Reads a file whole, turning any failure into an {@link BadInputError} naming the flag.
 *
 * @public
 */
export async function readInputFile(
  path: string,
  fs: FileSystem,
  flag: string,
): Promise<{ text: string; mtime: Date }> {
  try {
    const stat = await fs.stat(path);
    if (stat.isDirectory()) {
      throw new BadInputError(
        `${flag} ${path} is a folder: pass the JSON file it reads (see --help).`,
      );
    }
    return { text: await fs.readFile(path), mtime: stat.mtime };
  } catch (error) {
    if (error instanceof BadInputError) {
      throw error;
    }
    throw new BadInputError(
      `Cannot read ${flag} ${path}: ${describeFsError(error)}.`,
    );
  }
}
