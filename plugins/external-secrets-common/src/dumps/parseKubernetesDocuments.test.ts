import { gzipSync } from 'node:zlib';
import {
  describeNotAManifestDump,
  holdsKubernetesObjects,
  isKubernetesObject,
  KubernetesDocumentsParseError,
  NotAManifestDumpReason,
  parseKubernetesDocuments,
  parseKubernetesDump,
  sniffNotAManifestDump,
} from './parseKubernetesDocuments';

describe('parseKubernetesDocuments', () => {
  it('reads multi-document YAML and skips empty and scalar documents', () => {
    const text = [
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: a, namespace: x}',
      '---',
      '# only a comment',
      '---',
      'just a string',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: b',
      '',
    ].join('\n');
    const objects = parseKubernetesDocuments(text);
    expect(objects.map(o => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'Pod/a',
      'Deployment/b',
    ]);
  });

  it('expands kind: List as kubectl prints it', () => {
    const text = `apiVersion: v1
items:
- apiVersion: v1
  kind: Secret
  metadata:
    name: s
- apiVersion: external-secrets.io/v1
  kind: ExternalSecret
  metadata:
    name: es
kind: List
metadata:
  resourceVersion: ""
`;
    const objects = parseKubernetesDocuments(text);
    expect(objects.map(o => `${o.apiVersion} ${o.kind}`)).toEqual([
      'v1 Secret',
      'external-secrets.io/v1 ExternalSecret',
    ]);
  });

  it('types the items of a <Kind>List that carry no kind', () => {
    const objects = parseKubernetesDocuments(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'PodList',
        items: [{ metadata: { name: 'p' } }],
      }),
    );
    expect(objects).toEqual([
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } },
    ]);
  });

  it('reads JSON: one object, a List and a bare array', () => {
    expect(
      parseKubernetesDocuments('{"apiVersion":"v1","kind":"Pod"}'),
    ).toHaveLength(1);
    expect(
      parseKubernetesDocuments(
        '{"apiVersion":"v1","kind":"List","items":[{"kind":"Pod"},{"kind":"Secret"},3]}',
      ).map(o => o.kind),
    ).toEqual(['Pod', 'Secret']);
    expect(
      parseKubernetesDocuments('[{"kind":"Pod"},null,{"kind":"Secret"}]'),
    ).toHaveLength(2);
  });

  it('keeps timestamps and yes/no as strings (YAML 1.2)', () => {
    const [object] = parseKubernetesDocuments(
      'kind: Pod\nmetadata:\n  creationTimestamp: 2026-11-23T12:00:00Z\n  labels: {a: yes, b: "true"}\n',
    );
    expect(object.metadata?.creationTimestamp).toBe('2026-11-23T12:00:00Z');
    expect(object.metadata?.labels).toEqual({ a: 'yes', b: 'true' });
  });

  it('returns nothing for empty text', () => {
    expect(parseKubernetesDocuments('')).toEqual([]);
    expect(parseKubernetesDocuments('\n# nothing\n')).toEqual([]);
  });

  it('accepts a byte order mark', () => {
    expect(parseKubernetesDocuments('\uFEFFkind: Pod\n')).toHaveLength(1);
  });

  it('reports the position of a YAML error without quoting the text', () => {
    const text =
      'apiVersion: v1\nkind: Secret\ndata:\n  password: c3VwZXJzZWNyZXQ=\n   broken: [hunter2\n';
    let error: unknown;
    try {
      parseKubernetesDocuments(text, { source: 'dump.yaml' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KubernetesDocumentsParseError);
    const parseError = error as KubernetesDocumentsParseError;
    expect(parseError.message).toMatch(
      /^Cannot parse dump\.yaml as YAML or JSON: .+ at line \d+, column \d+$/,
    );
    expect(parseError.line).toBeGreaterThan(0);
    expect(parseError.message).not.toContain('c3VwZXJzZWNyZXQ');
    expect(parseError.message).not.toContain('hunter2');
    expect(parseError.message).not.toContain('password');
  });

  it('reports broken JSON by position without quoting it', () => {
    expect(() =>
      parseKubernetesDocuments('{"kind": "Secret", "data": {"k": "hunter2"', {
        source: 'dump.json',
      }),
    ).toThrow(
      /^Cannot parse dump\.json as YAML or JSON: .* at line 1, column \d+$/,
    );
    const run = () =>
      parseKubernetesDocuments('{"data": {"k": "hunter2"} "x"}');
    expect(run).toThrow(/^Cannot parse the input as YAML or JSON: /);
    expect(run).not.toThrow(/hunter2/);
  });
});

describe('parseKubernetesDump', () => {
  it('counts Lists, empty ones included, and non-empty documents', () => {
    const empty = parseKubernetesDump(
      'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n',
    );
    expect(empty).toEqual({ objects: [], lists: 1, documents: 1 });
    expect(holdsKubernetesObjects(empty)).toBe(true);

    const raw = parseKubernetesDump(
      '{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[]}',
    );
    expect(holdsKubernetesObjects(raw)).toBe(true);

    const comments = parseKubernetesDump('# nothing\n---\n# more\n');
    expect(comments).toEqual({ objects: [], lists: 0, documents: 0 });
    expect(holdsKubernetesObjects(comments)).toBe(false);
  });

  it('holds no Kubernetes object for scalars, lists of strings and mappings without apiVersion and kind', () => {
    for (const text of [
      'just a string\n',
      '- a\n- b\n',
      '["a", "b"]',
      'replicaCount: 2\nimage: {tag: x}\n',
      '{"kind": "Pod"}',
      '{"apiVersion": "v1"}',
      '{"apiVersion": "", "kind": "Pod"}',
      'null',
      '[]',
    ]) {
      const dump = parseKubernetesDump(text);
      expect([text, holdsKubernetesObjects(dump)]).toEqual([text, false]);
    }
    expect(
      holdsKubernetesObjects(
        parseKubernetesDump('a string\n---\napiVersion: v1\nkind: Pod\n'),
      ),
    ).toBe(true);
  });

  it('tells Kubernetes objects by apiVersion and kind', () => {
    expect(isKubernetesObject({ apiVersion: 'v1', kind: 'Pod' })).toBe(true);
    expect(isKubernetesObject({ kind: 'Pod' })).toBe(false);
    expect(isKubernetesObject([{ apiVersion: 'v1', kind: 'Pod' }])).toBe(false);
    expect(isKubernetesObject(null)).toBe(false);
  });
});

describe('sniffNotAManifestDump', () => {
  const dump = 'apiVersion: v1\nkind: List\nitems: []\n';
  /** Bytes read as a Node string, as the CLI reads a file (invalid UTF-8 becomes U+FFFD). */
  const asRead = (bytes: Buffer) => bytes.toString('utf8');

  it('accepts dumps: YAML, JSON, with a byte order mark, a leading comment or document marker', () => {
    for (const text of [
      dump,
      `\uFEFF${dump}`,
      `# kubectl get all\n---\n${dump}`,
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] }),
      '%YAML 1.2\n---\napiVersion: v1\nkind: Pod\n',
      'NAME: not a table, a YAML key\n',
      'apiVersion: v1\nkind: ConfigMap\ndata:\n  note: "caf\u00e9 \ufffd"\n',
    ]) {
      expect([text, sniffNotAManifestDump(text)]).toEqual([text, undefined]);
    }
  });

  it('recognises empty files', () => {
    expect(sniffNotAManifestDump('')).toBe('empty');
    expect(sniffNotAManifestDump(' \n\t\n')).toBe('empty');
    expect(sniffNotAManifestDump('\uFEFF')).toBe('empty');
  });

  it('recognises compressed and archive files by their magic bytes', () => {
    expect(sniffNotAManifestDump(asRead(gzipSync(dump)))).toBe('gzip');
    expect(sniffNotAManifestDump(asRead(gzipSync('')))).toBe('gzip');
    expect(
      sniffNotAManifestDump(
        asRead(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0])),
      ),
    ).toBe('zip');
    expect(
      sniffNotAManifestDump(
        asRead(Buffer.from('BZh91AY&SY\x01\x02', 'latin1')),
      ),
    ).toBe('bzip2');
    expect(
      sniffNotAManifestDump(
        asRead(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00])),
      ),
    ).toBe('xz');
    expect(
      sniffNotAManifestDump(
        asRead(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58])),
      ),
    ).toBe('zstd');
    const tar = Buffer.alloc(1024);
    tar.write('cluster.yaml', 0);
    tar.write('ustar\x0000', 257, 'latin1');
    expect(sniffNotAManifestDump(asRead(tar))).toBe('tar');
    // a file system that hands out bytes as Latin-1 characters
    expect(sniffNotAManifestDump(gzipSync(dump).toString('latin1'))).toBe(
      'gzip',
    );
  });

  it('recognises binary content and UTF-16 without a byte order mark', () => {
    expect(sniffNotAManifestDump(`${dump}\0\0`)).toBe('binary');
    expect(
      sniffNotAManifestDump(
        asRead(Buffer.from(Array.from({ length: 64 }, (_, i) => 0x80 + i))),
      ),
    ).toBe('binary');
    expect(sniffNotAManifestDump(asRead(Buffer.from(dump, 'utf16le')))).toBe(
      'utf16',
    );
    expect(
      sniffNotAManifestDump(asRead(Buffer.from(dump, 'utf16le').swap16())),
    ).toBe('utf16');
  });

  it('recognises kubectl get table output', () => {
    for (const text of [
      'NAMESPACE   NAME             STORETYPE            STORE   REFRESH INTERVAL   STATUS         READY\nshop        db-credentials   ClusterSecretStore   aws     1h                 SecretSynced   True\n',
      'NAME                   READY   STATUS    RESTARTS   AGE\napi-7d9c-x   1/1     Running   0          5m\n',
      '\nNAME   TYPE     DATA   AGE\ndb     Opaque   2      3d\n\nNAME   READY   UP-TO-DATE   AVAILABLE   AGE\napi    1/1     1            1           3d\n',
      'NAMESPACE   LAST SEEN   TYPE     REASON    OBJECT                 MESSAGE\nshop        2m          Normal   Updated   externalsecret/db      Updated Secret\n',
      'NAME\ndb-credentials\n',
      'NAME\tREADY\tSTATUS\nx\t1/1\tRunning\n',
    ]) {
      expect(sniffNotAManifestDump(text)).toBe('kubectl-table');
    }
  });

  it('recognises kubectl describe output', () => {
    expect(
      sniffNotAManifestDump(
        'Name:         db-credentials\nNamespace:    shop\nLabels:       <none>\nAPI Version:  external-secrets.io/v1\nKind:         ExternalSecret\n',
      ),
    ).toBe('kubectl-describe');
  });

  it('describes each reason without quoting anything', () => {
    const reasons: NotAManifestDumpReason[] = [
      'empty',
      'gzip',
      'zip',
      'bzip2',
      'xz',
      'zstd',
      'tar',
      'utf16',
      'binary',
      'kubectl-table',
      'kubectl-describe',
      'no-objects',
    ];
    for (const reason of reasons) {
      const text = describeNotAManifestDump(reason);
      expect(text).toMatch(/^(is|holds) /);
      expect(text).toMatch(/-o yaml/);
    }
    expect(describeNotAManifestDump('gzip')).toMatch(/gunzip/);
    expect(describeNotAManifestDump('empty')).toMatch(/kubectl get failed/);
  });
});
