import { promises as nodeFs } from 'node:fs';
import nodePath from 'node:path';
import {
  KubeObject,
  KubernetesDocumentsParseError,
  parseKubernetesDocuments,
} from '@eso-health/plugin-external-secrets-common';

/**
 * Bad input: a missing or unreadable path, an unparseable file, a malformed value. The message
 * never echoes file contents (the CLI exits 2 with it; the backend shows it as a cluster error).
 */
export class BadInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadInputError';
  }
}

/** The file system operations needed to read dumps, injectable for tests. */
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

export const nodeFileSystem: FileSystem = {
  stat: path => nodeFs.stat(path),
  readdir: path => nodeFs.readdir(path),
  readFile: path => nodeFs.readFile(path, 'utf8'),
  realpath: path => nodeFs.realpath(path),
};

/** Extensions read inside folders; a file named explicitly is read whatever its extension. */
export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Says why a path cannot be read, from the error code only (never the file's content). */
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
 */
export async function listManifestFiles(
  paths: string[],
  fs: FileSystem,
  flag = '--manifests',
): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  const visitedFolders = new Set<string>();

  const addFile = async (file: string) => {
    const real = await fs.realpath(file).catch(() => file);
    if (!seen.has(real)) {
      seen.add(real);
      files.push(file);
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

/** The drift CLI flag that reads a provider dump, by how its documents look. */
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
 */
export function providerDumpFlag(
  objects: KubeObject[],
): ProviderDumpFlag | undefined {
  if (!objects.length || objects.some(o => o.kind !== undefined))
    return undefined;
  return PROVIDER_DUMP_SHAPES.find(([, shape]) => objects.every(shape))?.[0];
}

/** True when parsed documents are the output of `aws secretsmanager list-secrets`, not Kubernetes objects. */
export function looksLikeAwsListSecrets(objects: KubeObject[]): boolean {
  return providerDumpFlag(objects) === '--aws-secrets';
}

export interface ManifestInputs {
  objects: KubeObject[];
  /** Every file read. */
  files: string[];
  /** Files holding provider dumps (not manifests, left out), with the flag that reads each. */
  providerDumpFiles: Array<{ file: string; flag: ProviderDumpFlag }>;
}

/** Reads and parses every manifest file of the given paths into one list of objects (one cluster). */
export async function readManifests(
  paths: string[],
  fs: FileSystem,
): Promise<ManifestInputs> {
  const files = await listManifestFiles(paths, fs);
  const objects: KubeObject[] = [];
  const providerDumpFiles: ManifestInputs['providerDumpFiles'] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await fs.readFile(file);
    } catch (error) {
      throw new BadInputError(
        `Cannot read ${file}: ${describeFsError(error)}.`,
      );
    }
    let parsed: KubeObject[];
    try {
      parsed = parseKubernetesDocuments(text, { source: file });
    } catch (error) {
      if (error instanceof KubernetesDocumentsParseError) {
        throw new BadInputError(
          `${error.message}. Produce dumps with kubectl get ... -o yaml (or -o json).`,
        );
      }
      throw new BadInputError(`Cannot parse ${file} as YAML or JSON.`);
    }
    const flag = providerDumpFlag(parsed);
    if (flag) {
      providerDumpFiles.push({ file, flag });
      continue;
    }
    objects.push(...parsed);
  }
  return { objects, files, providerDumpFiles };
}

/** Reads a file whole, turning any failure into an {@link BadInputError} naming the flag. */
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
