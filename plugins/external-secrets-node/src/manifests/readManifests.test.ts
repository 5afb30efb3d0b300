import {
  mkdtempSync,
  mkdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  decodeText,
  describeFsError,
  notAManifestDumpMessage,
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
  const file = (relative: string, content: string | Buffer) => {
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

  describe('refuses files that are not manifest dumps', () => {
    const SECRET = 'aHVudGVyMg==';
    const dump = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: s}\n  data: {password: ${SECRET}}\n`;
    const refusal = async (paths: string[]) => {
      const error: Error = await readManifests(paths, nodeFileSystem).then(
        () => new Error('accepted'),
        e => e,
      );
      expect(error).toBeInstanceOf(BadInputError);
      expect(error.message).not.toContain(SECRET);
      expect(error.message).not.toContain('db-credentials');
      return error.message;
    };

    it.each([
      ['an empty file', '', /is empty \(or holds only comments\)/],
      ['blanks', '\n  \n', /is empty/],
      ['comments only', '# kubectl get all\n---\n', /is empty/],
      [
        'a gzip file',
        gzipSync(dump),
        /is gzip-compressed: decompress it first/,
      ],
      [
        'kubectl get table output',
        'NAMESPACE   NAME             STORE   READY\nshop        db-credentials   aws     True\n',
        /holds kubectl get table output \(NAME\/NAMESPACE columns\), not objects: re-run kubectl get with -o yaml/,
      ],
      [
        'kubectl get -o name output',
        'externalsecret.external-secrets.io/db-credentials\n',
        /holds no Kubernetes object/,
      ],
      [
        'YAML without objects',
        `- db-credentials\n- ${SECRET}\n`,
        /holds no Kubernetes object \(no document with apiVersion and kind\)/,
      ],
      ['a scalar', `${SECRET}\n`, /holds no Kubernetes object/],
      [
        'mappings without apiVersion and kind',
        `password: ${SECRET}\nname: db-credentials\n`,
        /holds no Kubernetes object/,
      ],
      ['binary content', Buffer.from([1, 2, 0, 0, 3]), /is a binary file/],
    ])('%s, named explicitly', async (_, content, message) => {
      const given = file('dump.yaml', content as string);
      const text = await refusal([given]);
      expect(text).toMatch(message as RegExp);
      expect(text.startsWith(`--manifests ${given} `)).toBe(true);
      expect(text).toMatch(
        /expected the YAML or JSON output of kubectl get|-o yaml/,
      );
    });

    it('a file inside a folder, naming the file and the folder', async () => {
      file('a-good.yaml', dump);
      const table = file(
        'b-table.yaml',
        'NAME             STATUS\ndb-credentials   SecretSynced\n',
      );
      const text = await refusal([dir]);
      expect(text).toBe(notAManifestDumpMessage(table, 'kubectl-table', dir));
      expect(text).toMatch(
        new RegExp(
          `^${table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(in --manifests `,
        ),
      );
      expect(text).toMatch(
        /Remove it from the folder, or pass the dump files themselves\.$/,
      );
      // the good dump alone is read
      await expect(
        readManifests([path.join(dir, 'a-good.yaml')], nodeFileSystem),
      ).resolves.toMatchObject({ objects: [{ kind: 'Secret' }] });
    });

    it('an empty file inside a folder (kubectl get failed for one namespace)', async () => {
      file('shop.yaml', dump);
      const empty = file('payments.yaml', '');
      expect(await refusal([dir])).toMatch(
        new RegExp(`${path.basename(empty)} \\(in --manifests .*\\) is empty`),
      );
    });

    it('accepts an empty List (a namespace with nothing) and keeps provider dumps as notes', async () => {
      file(
        'empty-ns.yaml',
        'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n',
      );
      const ssm = file('ssm.json', '{"Parameters": []}');
      const inputs = await readManifests([dir], nodeFileSystem);
      expect(inputs.objects).toEqual([]);
      expect(inputs.providerDumpFiles).toEqual([
        { file: ssm, flag: '--ssm-parameters' },
      ]);
    });
  });

  it('refuses paths holding nothing but provider dumps', async () => {
    const aws = file('aws.json', '{"SecretList": []}');
    file(
      'vault.json',
      '{"server": "http://v", "mount": "secret", "metadata": {}}',
    );
    await expect(readManifests([aws], nodeFileSystem)).rejects.toThrow(
      new BadInputError(
        `--manifests ${aws} holds no Kubernetes objects, only provider metadata (${aws} is read with --aws-secrets): pass the output of kubectl get <kinds> -A -o yaml with --manifests.`,
      ),
    );
    await expect(readManifests([dir], nodeFileSystem)).rejects.toThrow(
      /holds no Kubernetes objects, only provider metadata/,
    );
  });

  it('names the setting the paths came from when told', async () => {
    file('empty.yaml', '');
    await expect(
      readManifests([dir], nodeFileSystem, {
        flag: 'clusters[demo].manifests',
      }),
    ).rejects.toThrow(
      `${path.join(
        dir,
        'empty.yaml',
      )} (in clusters[demo].manifests ${dir}) is empty`,
    );
  });

  it('reads UTF-16 text with a byte order mark (Windows PowerShell redirection)', async () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: caf\u00e9}\n';
    const le = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(text, 'utf16le'),
    ]);
    const be = Buffer.concat([
      Buffer.from([0xfe, 0xff]),
      Buffer.from(text, 'utf16le').swap16(),
    ]);
    expect(decodeText(le)).toBe(text);
    expect(decodeText(be)).toBe(text);
    expect(decodeText(Buffer.from(`\uFEFF${text}`))).toBe(`\uFEFF${text}`);
    file('ps.yaml', le as unknown as string);
    const inputs = await readManifests([dir], nodeFileSystem);
    expect(inputs.objects.map(o => o.metadata?.name)).toEqual(['caf\u00e9']);
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
