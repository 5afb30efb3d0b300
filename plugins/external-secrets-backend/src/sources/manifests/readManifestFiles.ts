import { promises as fs } from 'node:fs';
import { join, relative } from 'node:path';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

export interface ManifestFile {
  /** Path relative to the configured root, for messages. */
  name: string;
  text: string;
}

/**
 * Reads a manifests file, or every .yaml/.yml/.json file below a folder (recursively, sorted,
 * hidden entries skipped). Throws an Error naming the path when it cannot be read.
 */
export async function readManifestFiles(root: string): Promise<ManifestFile[]> {
  const stat = await fs.stat(root).catch(error => {
    throw new Error(
      `cannot read manifests at ${root}: ${error.code ?? error.message}`,
    );
  });
  if (stat.isFile()) {
    return [{ name: root, text: await fs.readFile(root, 'utf8') }];
  }
  const files: ManifestFile[] = [];
  const visit = async (dir: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await visit(path);
      } else if (entry.isFile() && MANIFEST_FILE.test(entry.name)) {
        files.push({
          name: relative(root, path),
          text: await fs.readFile(path, 'utf8'),
        });
      }
    }
  };
  await visit(root);
  return files;
}
