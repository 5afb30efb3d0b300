import {
  mkdtempSync,
  mkdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  describeFsError,
  BadInputError,
  listManifestFiles,
  looksLikeAwsListSecrets,
  providerDumpFlag,
  nodeFileSystem,
  readInputFile,
  readManifests,
} from './readManifests';

describe('readManifests', () => {
  let dir: string;
  const file = (relative: string, content: string) => {
    const full = path.join(dir, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
    return full;
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'drift-inputs-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists a folder recursively in name order, manifests only, skipping hidden entries', async () => {
    file('b.yaml', 'kind: Pod\n');
    file('a.json', '{}');
    file('notes.md', '# not a manifest');
    file('sub/c.yml', 'kind: Pod\n');
    file('sub/.hidden.yaml', 'kind: Pod\n');
    file('.git/x.yaml', 'kind: Pod\n');
    file('node_modules/y.yaml', 'kind: Pod\n');
    file('UPPER.YAML', 'kind: Pod\n');
    const files = await listManifestFiles([dir], nodeFileSystem);
    expect(files.map(f => path.relative(dir, f))).toEqual([
      'UPPER.YAML',
      'a.json',
      'b.yaml',
      path.join('sub', 'c.yml'),
    ]);
  });

  it('reads an explicitly named file whatever its extension, once', async () => {
    const dump = file('dump.txt', 'kind: Pod\n');
    const other = file('other.yaml', 'kind: Pod\n');
    const files = await listManifestFiles(
      [dump, dump, other, dir],
      nodeFileSystem,
    );
    expect(files).toEqual([dump, other]);
  });

  it('does not loop on symbolic links', async () => {
    file('x/a.yaml', 'kind: Pod\n');
    symlinkSync(path.join(dir, 'x'), path.join(dir, 'x', 'loop'));
    const files = await listManifestFiles([dir], nodeFileSystem);
    expect(files.map(f => path.relative(dir, f))).toEqual([
      path.join('x', 'a.yaml'),
    ]);
  });

  it('rejects a missing path and a folder without manifests', async () => {
    await expect(
      listManifestFiles([path.join(dir, 'missing')], nodeFileSystem),
    ).rejects.toThrow(
      new BadInputError(
        `Cannot read --manifests ${path.join(
          dir,
          'missing',
        )}: no such file or directory.`,
      ),
    );
    file('readme.md', 'x');
    await expect(listManifestFiles([dir], nodeFileSystem)).rejects.toThrow(
      /is a folder without \.yaml, \.yml or \.json files/,
    );
  });

  it('parses every file into one list of objects and sets aside list-secrets output', async () => {
    file(
      'a.yaml',
      'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod, metadata: {name: p}}\n',
    );
    file('b.yaml', '---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n');
    const aws = file('aws.json', '{"SecretList": []}');
    const inputs = await readManifests([dir], nodeFileSystem);
    expect(inputs.objects.map(o => o.kind)).toEqual(['Pod', 'Secret']);
    expect(inputs.files).toHaveLength(3);
    expect(inputs.providerDumpFiles).toEqual([
      { file: aws, flag: '--aws-secrets' },
    ]);
  });

  it('names the file and position of a parse error, never its content', async () => {
    const broken = file(
      'broken.yaml',
      'apiVersion: v1\nkind: Secret\ndata:\n  password: aHVudGVyMg==\n bad: [hunter2\n',
    );
    const error: Error = await readManifests([dir], nodeFileSystem).catch(
      e => e,
    );
    expect(error).toBeInstanceOf(BadInputError);
    expect(error.message).toContain(broken);
    expect(error.message).toMatch(/line \d+, column \d+/);
    expect(error.message).not.toMatch(/hunter2|aHVudGVyMg|password/);
  });

  it('reads a single input file with its modification time', async () => {
    const aws = file('aws.json', '{"SecretList": []}');
    const { text, mtime } = await readInputFile(
      aws,
      nodeFileSystem,
      '--aws-secrets',
    );
    expect(text).toBe('{"SecretList": []}');
    expect(Number.isNaN(mtime.getTime())).toBe(false);
    await expect(
      readInputFile(dir, nodeFileSystem, '--aws-secrets'),
    ).rejects.toThrow(/--aws-secrets .* is a folder/);
    await expect(
      readInputFile(
        path.join(dir, 'nope.json'),
        nodeFileSystem,
        '--aws-secrets',
      ),
    ).rejects.toThrow(/no such file or directory/);
  });

  it('recognises list-secrets output', () => {
    expect(looksLikeAwsListSecrets([{ SecretList: [] }])).toBe(true);
    expect(providerDumpFlag([{ Parameters: [] }])).toBe('--ssm-parameters');
    expect(
      providerDumpFlag([{ server: 'http://v', mount: 'secret', metadata: {} }]),
    ).toBe('--vault-metadata');
    expect(providerDumpFlag([{ kind: 'Pod', Parameters: [] }])).toBeUndefined();
    expect(looksLikeAwsListSecrets([])).toBe(false);
    expect(looksLikeAwsListSecrets([{ SecretList: [] }, { kind: 'Pod' }])).toBe(
      false,
    );
  });

  it('describes file system errors by code', () => {
    expect(describeFsError({ code: 'EACCES' })).toBe('permission denied');
    expect(describeFsError({ code: 'EWHATEVER' })).toBe('error EWHATEVER');
    expect(describeFsError(undefined)).toBe('it cannot be read');
  });
});
