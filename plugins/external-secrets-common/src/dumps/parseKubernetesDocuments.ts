import { parseAllDocuments } from 'yaml';
import { KubeObject } from '../types/kubernetes';

/**
 * Thrown when a dump cannot be parsed. The message names the source and a position only: it never
 * quotes the text, which may hold secret values (`kubectl get secrets -o yaml` prints `data`).
 *
 * @public
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

/** @public */
export interface ParseKubernetesDocumentsOptions {
  /** A name for the text (usually its file path), used in error messages. */
  source?: string;
}

/** Nested `List`s deeper than this are not expanded (a dump never nests more than once). */
const MAX_LIST_DEPTH = 8;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Flattened {
  objects: KubeObject[];
  /** `List`s (and `<Kind>List`s) found, empty ones included. */
  lists: number;
}

function flatten(value: unknown, out: Flattened, depth: number): void {
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
    out.lists += 1;
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
  out.objects.push(value as KubeObject);
}

function describeCode(code: string): string {
  return code.toLowerCase().replace(/_/g, ' ');
}

/**
 * What {@link parseKubernetesDump} found in a text.
 *
 * @public
 */
export interface KubernetesDump {
  /** The objects, `List`s expanded (anything that is a YAML or JSON mapping, Kubernetes or not). */
  objects: KubeObject[];
  /** `List`s (and `<Kind>List`s with `items`) found, empty ones included: an empty namespace dumps as one. */
  lists: number;
  /** Documents that hold something (not empty, not only comments). */
  documents: number;
}

/**
 * Parses the text of a `kubectl get -o yaml|json` dump into Kubernetes objects: multi-document
 * YAML, `kind: List` (and `<Kind>List` with `items`), JSON (one object or a List). Documents that
 * are not objects (empty documents, scalars) are skipped. Throws a
 * {@link KubernetesDocumentsParseError} naming the line and column of the first error.
 *
 * @public
 */
export function parseKubernetesDocuments(
  text: string,
  options: ParseKubernetesDocumentsOptions = {},
): KubeObject[] {
  return parseKubernetesDump(text, options).objects;
}

/**
 * {@link parseKubernetesDocuments}, also counting the `List`s and non-empty documents, so that a
 * caller can tell an empty dump (`kind: List` with no items) from a text that is no dump at all
 * (see {@link holdsKubernetesObjects}).
 *
 * @public
 */
export function parseKubernetesDump(
  text: string,
  options: ParseKubernetesDocumentsOptions = {},
): KubernetesDump {
  const source = options.source;
  const where = source ? `${source}` : 'the input';
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: Flattened = { objects: [], lists: 0 };
  let documents = 0;

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
      return { ...out, documents: parsed === null ? 0 : 1 };
    }
  }

  let parsedDocuments;
  try {
    // prettyErrors computes `linePos`; its message quotes the text, so only code and position are used.
    parsedDocuments = parseAllDocuments(body, {
      prettyErrors: true,
      uniqueKeys: false,
    });
  } catch {
    throw new KubernetesDocumentsParseError(
      `Cannot parse ${where} as YAML or JSON`,
      { source },
    );
  }
  const list = Array.isArray(parsedDocuments) ? parsedDocuments : [];
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
    if (value !== null && value !== undefined) {
      documents += 1;
    }
    flatten(value, out, 0);
  }
  return { ...out, documents };
}

/**
 * True for a mapping with a non-empty string `apiVersion` and `kind`: what kubectl prints.
 *
 * @public
 */
export function isKubernetesObject(value: unknown): value is KubeObject {
  return (
    isPlainObject(value) &&
    typeof value.apiVersion === 'string' &&
    value.apiVersion !== '' &&
    typeof value.kind === 'string' &&
    value.kind !== ''
  );
}

/**
 * True when a parsed dump is a Kubernetes dump: it holds at least one Kubernetes object or a
 * `List` (an empty `List` is what `kubectl get -o yaml` prints for a namespace with nothing).
 *
 * @public
 */
export function holdsKubernetesObjects(dump: KubernetesDump): boolean {
  return dump.lists > 0 || dump.objects.some(isKubernetesObject);
}

/**
 * Why a text is not a manifest dump, seen before parsing it (or, for `no-objects`, after:
 * {@link holdsKubernetesObjects}). `empty`: nothing or only blanks and comments (kubectl get
 * failed and wrote nothing); `gzip`, `zip`, `bzip2`, `xz`, `zstd`, `tar`: an archive or compressed
 * file; `utf16`: UTF-16 text without a byte order mark; `binary`: NUL bytes or mostly invalid
 * UTF-8; `kubectl-table`: `kubectl get` without `-o yaml` (a header of upper-case columns such as
 * NAMESPACE and NAME); `kubectl-describe`: `kubectl describe` output; `no-objects`: YAML or JSON
 * without any object that has `apiVersion` and `kind`.
 *
 * @public
 */
export type NotAManifestDumpReason =
  | 'empty'
  | 'gzip'
  | 'zip'
  | 'bzip2'
  | 'xz'
  | 'zstd'
  | 'tar'
  | 'utf16'
  | 'binary'
  | 'kubectl-table'
  | 'kubectl-describe'
  | 'no-objects';

/** How many characters of the start of a text are looked at for binary content. */
const SNIFF_LENGTH = 8000;
const REPLACEMENT = 0xfffd;

/** True when the character is the given byte read as Latin-1, or that byte decoded as invalid UTF-8. */
function isByte(text: string, index: number, byte: number): boolean {
  const code = text.charCodeAt(index);
  return code === byte || (byte >= 0x80 && code === REPLACEMENT);
}

function compression(text: string): NotAManifestDumpReason | undefined {
  if (isByte(text, 0, 0x1f) && isByte(text, 1, 0x8b)) {
    return 'gzip';
  }
  // PK then 03 04, 05 06 or 07 08 (a local file, an empty archive, a spanned archive).
  if (
    text.startsWith('PK') &&
    [
      [3, 4],
      [5, 6],
      [7, 8],
    ].some(([a, b]) => isByte(text, 2, a) && isByte(text, 3, b))
  ) {
    return 'zip';
  }
  if (/^BZh[1-9]1AY&SY/.test(text)) {
    return 'bzip2';
  }
  if (isByte(text, 0, 0xfd) && text.startsWith('7zXZ\0', 1)) {
    return 'xz';
  }
  if (
    isByte(text, 0, 0x28) &&
    isByte(text, 1, 0xb5) &&
    isByte(text, 2, 0x2f) &&
    isByte(text, 3, 0xfd)
  ) {
    return 'zstd';
  }
  if (text.startsWith('ustar', 257)) {
    return 'tar';
  }
  return undefined;
}

/** UTF-16 text without a byte order mark, read as UTF-8: ASCII characters alternate with NULs. */
function looksLikeUtf16(head: string): boolean {
  const pairs = Math.floor(Math.min(head.length, 200) / 2);
  if (pairs < 2) {
    return false;
  }
  let le = 0;
  let be = 0;
  for (let i = 0; i < pairs; i += 1) {
    const a = head.charCodeAt(2 * i);
    const b = head.charCodeAt(2 * i + 1);
    if (a !== 0 && b === 0) le += 1;
    if (a === 0 && b !== 0) be += 1;
  }
  return le >= pairs * 0.9 || be >= pairs * 0.9;
}

/** Column headers of kubectl tables: upper-case words (`REFRESH INTERVAL`, `PORT(S)`, `UP-TO-DATE`). */
const TABLE_COLUMN = /^[A-Z][A-Z0-9_().\/%-]*( [A-Z][A-Z0-9_().\/%-]*)*$/;

function looksLikeKubectlTable(firstLine: string): boolean {
  const line = firstLine.trim();
  if (line.includes(':')) {
    return false; // a YAML mapping key, e.g. `NAME: x`
  }
  const columns = line.split(/\s{2,}|\t+/);
  if (!columns.every(column => TABLE_COLUMN.test(column))) {
    return false;
  }
  // `kubectl get` always has NAME (or NAMESPACE first with -A; events start with LAST SEEN).
  return (
    columns.includes('NAME') ||
    (columns.length >= 2 &&
      ['NAMESPACE', 'LAST SEEN', 'KIND'].includes(columns[0]))
  );
}

/**
 * Why a text cannot be a `kubectl get -o yaml|json` dump, judged from its first bytes and first
 * line without parsing it; undefined when it may be one (parse it, then check
 * {@link holdsKubernetesObjects}). Never returns any part of the text.
 *
 * @public
 */
export function sniffNotAManifestDump(
  text: string,
): NotAManifestDumpReason | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const head = body.slice(0, SNIFF_LENGTH);
  const compressed = compression(body);
  if (compressed) {
    return compressed;
  }
  if (looksLikeUtf16(head)) {
    return 'utf16';
  }
  if (head.includes('\0')) {
    return 'binary';
  }
  let replaced = 0;
  for (let i = 0; i < head.length; i += 1) {
    if (head.charCodeAt(i) === REPLACEMENT) replaced += 1;
  }
  if (head.length > 0 && replaced / head.length > 0.1) {
    return 'binary';
  }
  if (body.trim() === '') {
    return 'empty';
  }
  const firstLine = head
    .split(/\r?\n/)
    .find(line => line.trim() !== '' && !line.trimStart().startsWith('#'));
  if (firstLine === undefined) {
    return undefined; // only comments in the first characters: the parser decides
  }
  if (looksLikeKubectlTable(firstLine)) {
    return 'kubectl-table';
  }
  if (
    /^Name:\s+\S/.test(firstLine) &&
    /^(Namespace|Labels|Annotations|API Version|Kind):(\s|$)/m.test(head)
  ) {
    return 'kubectl-describe';
  }
  return undefined;
}

const DUMP_COMMAND = 'kubectl get <kinds> -A -o yaml';

/**
 * What a file of this reason is and what to do about it, as one sentence to put after the file's
 * name, e.g. `is gzip-compressed: decompress it first (gunzip), ...`. Quotes nothing of the file.
 *
 * @public
 */
export function describeNotAManifestDump(
  reason: NotAManifestDumpReason,
): string {
  const expected = `expected the YAML or JSON output of ${DUMP_COMMAND} (or -o json)`;
  switch (reason) {
    case 'empty':
      return `is empty (or holds only comments): ${expected}. An empty dump usually means kubectl get failed, e.g. on a kind the cluster does not serve; see its error output`;
    case 'gzip':
      return `is gzip-compressed: decompress it first (gunzip); ${expected}`;
    case 'zip':
      return `is a zip archive: extract the dump first (unzip); ${expected}`;
    case 'bzip2':
      return `is bzip2-compressed: decompress it first (bunzip2); ${expected}`;
    case 'xz':
      return `is xz-compressed: decompress it first (unxz); ${expected}`;
    case 'zstd':
      return `is zstd-compressed: decompress it first (unzstd); ${expected}`;
    case 'tar':
      return `is a tar archive: extract the dump first (tar -xf); ${expected}`;
    case 'utf16':
      return `is UTF-16 text without a byte order mark: save it as UTF-8 (in PowerShell: | Out-File -Encoding utf8); ${expected}`;
    case 'binary':
      return `is a binary file, not text: ${expected}`;
    case 'kubectl-table':
      return `holds kubectl get table output (NAME/NAMESPACE columns), not objects: re-run kubectl get with -o yaml (or -o json)`;
    case 'kubectl-describe':
      return `holds kubectl describe output, not objects: ${expected}`;
    case 'no-objects':
      return `holds no Kubernetes object (no document with apiVersion and kind): ${expected}`;
    default:
      return `is not a manifest dump: ${expected}`;
  }
}
