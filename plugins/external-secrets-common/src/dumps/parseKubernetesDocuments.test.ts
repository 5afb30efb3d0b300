import {
  KubernetesDocumentsParseError,
  parseKubernetesDocuments,
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
