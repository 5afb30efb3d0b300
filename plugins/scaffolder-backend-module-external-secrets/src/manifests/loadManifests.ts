import { promises as fs } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ManifestDocument } from '../model/manifestDocument';
import { Problem } from '../model/problems';
import { HclSyntaxError, parseVaultPolicyHcl } from './vaultPolicyHcl';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json', '.hcl']);

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.git') files.push(...(await listFiles(path)));
    } else if (entry.isFile() && MANIFEST_EXTENSIONS.has(extname(entry.name))) {
      files.push(path);
    }
  }
  return files;
}

/**
 * Reads every YAML, JSON and HCL file under `dir`; HCL files (Vault policies) are read into
 * the structure of Vault's JSON policy format. Syntax errors become problems naming the file
 * and line rather than exceptions, so one run reports everything that is wrong.
 */
export async function loadManifests(
  dir: string,
): Promise<{ documents: ManifestDocument[]; problems: Problem[] }> {
  const documents: ManifestDocument[] = [];
  const problems: Problem[] = [];
  for (const path of await listFiles(dir)) {
    const file = relative(dir, path).split('\\').join('/');
    const text = await fs.readFile(path, 'utf8');
    if (extname(path) === '.json') {
      try {
        documents.push({ file, value: JSON.parse(text) });
      } catch (error) {
        problems.push({
          file,
          field: '(file)',
          message: `is not valid JSON: ${(error as Error).message}`,
        });
      }
      continue;
    }
    if (extname(path) === '.hcl') {
      try {
        const { value, duplicates } = parseVaultPolicyHcl(text);
        documents.push({ file, value });
        for (const field of duplicates) {
          problems.push({
            file,
            field,
            message:
              'is declared more than once: Vault merges the blocks, so a reviewer reading one of them misses the rest; declare it once',
          });
        }
      } catch (error) {
        if (!(error instanceof HclSyntaxError)) throw error;
        problems.push({
          file,
          field: '(file)',
          message: `is not valid HCL (line ${error.line}): ${error.message}`,
        });
      }
      continue;
    }
    parseAllDocuments(text).forEach(doc => {
      if (doc.errors.length > 0) {
        const [first] = doc.errors;
        const line = first.linePos?.[0]?.line;
        problems.push({
          file,
          field: '(file)',
          message: `is not valid YAML${line ? ` (line ${line})` : ''}: ${
            first.message.split('\n')[0]
          }`,
        });
        return;
      }
      const value = doc.toJS();
      if (value !== null && value !== undefined) {
        documents.push({ file, value });
      }
    });
  }
  return { documents, problems };
}
