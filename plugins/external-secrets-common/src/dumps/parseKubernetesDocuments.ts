import { parseAllDocuments } from 'yaml';
import { KubeObject } from '../types/kubernetes';

/**
 * Thrown when a dump cannot be parsed. The message names the source and a position only: it never
 * quotes the text, which may hold secret values (`kubectl get secrets -o yaml` prints `data`).
 */
export class KubernetesDocumentsParseError extends Error {
  readonly source?: string;
  /** 1-based line of the first error, when known. */
  readonly line?: number;
  /** 1-based column of the first error, when known. */
  readonly column?: number;

  constructor(
    message: string,
    details: { source?: string; line?: number; column?: number } = {},
  ) {
    super(message);
    this.name = 'KubernetesDocumentsParseError';
    this.source = details.source;
    this.line = details.line;
    this.column = details.column;
  }
}

export interface ParseKubernetesDocumentsOptions {
  /** A name for the text (usually its file path), used in error messages. */
  source?: string;
}

/** Nested `List`s deeper than this are not expanded (a dump never nests more than once). */
const MAX_LIST_DEPTH = 8;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flatten(value: unknown, out: KubeObject[], depth: number): void {
  if (depth > MAX_LIST_DEPTH) {
    return;
  }
  if (Array.isArray(value)) {
    for (const element of value) {
      flatten(element, out, depth + 1);
    }
    return;
  }
  if (!isPlainObject(value)) {
    return; // null (empty document), scalars: not Kubernetes objects
  }
  const kind = value.kind;
  if (
    typeof kind === 'string' &&
    kind.endsWith('List') &&
    Array.isArray(value.items)
  ) {
    // `kind: List` (kubectl) carries typed items; `SecretList` etc. (raw API) may carry untyped items.
    const itemKind =
      kind === 'List' ? undefined : kind.slice(0, -'List'.length);
    for (const item of value.items) {
      if (isPlainObject(item) && itemKind && item.kind === undefined) {
        flatten(
          {
            ...item,
            apiVersion: item.apiVersion ?? value.apiVersion,
            kind: itemKind,
          },
          out,
          depth + 1,
        );
      } else {
        flatten(item, out, depth + 1);
      }
    }
    return;
  }
  out.push(value as KubeObject);
}

function describeCode(code: string): string {
  return code.toLowerCase().replace(/_/g, ' ');
}

/**
 * Parses the text of a `kubectl get -o yaml|json` dump into Kubernetes objects: multi-document
 * YAML, `kind: List` (and `<Kind>List` with `items`), JSON (one object or a List). Documents that
 * are not objects (empty documents, scalars) are skipped. Throws a
 * {@link KubernetesDocumentsParseError} naming the line and column of the first error.
 */
export function parseKubernetesDocuments(
  text: string,
  options: ParseKubernetesDocumentsOptions = {},
): KubeObject[] {
  const source = options.source;
  const where = source ? `${source}` : 'the input';
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: KubeObject[] = [];

  const trimmed = body.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown;
    let ok = false;
    try {
      parsed = JSON.parse(body);
      ok = true;
    } catch {
      // Not strict JSON: YAML below accepts JSON-like flow text, or reports a position.
    }
    if (ok) {
      flatten(parsed, out, 0);
      return out;
    }
  }

  let documents;
  try {
    // prettyErrors computes `linePos`; its message quotes the text, so only code and position are used.
    documents = parseAllDocuments(body, {
      prettyErrors: true,
      uniqueKeys: false,
    });
  } catch {
    throw new KubernetesDocumentsParseError(
      `Cannot parse ${where} as YAML or JSON`,
      { source },
    );
  }
  const list = Array.isArray(documents) ? documents : [];
  for (const document of list) {
    const error = document.errors[0];
    if (error) {
      const pos = error.linePos?.[0];
      const at = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
      throw new KubernetesDocumentsParseError(
        `Cannot parse ${where} as YAML or JSON: ${describeCode(
          error.code,
        )}${at}`,
        { source, line: pos?.line, column: pos?.col },
      );
    }
  }
  for (const document of list) {
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch {
      throw new KubernetesDocumentsParseError(
        `Cannot parse ${where}: a document uses YAML aliases too heavily or incorrectly`,
        { source },
      );
    }
    flatten(value, out, 0);
  }
  return out;
}
