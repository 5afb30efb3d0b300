// How the API server shows pre-serialised objects: list items of built-in kinds without kind and
// apiVersion, custom resources and watch objects with them, and metadata only
// (`PartialObjectMetadata`) when the client's Accept header asks for it.
import { Entry } from './clusterStore';

const OPEN_META = Buffer.from('"metadata":');
const CLOSE = Buffer.from('}');
const COMMA = Buffer.from(',');
const PARTIAL_HEAD = Buffer.from(
  '{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":',
);
const PLAIN_HEAD = Buffer.from('{"metadata":');

export type Shape = 'plain' | 'typed' | 'partial';

const typedHeads = new Map<string, Buffer>();
function typedHead(apiVersion: string, kind: string): Buffer {
  const key = `${apiVersion}|${kind}`;
  let head = typedHeads.get(key);
  if (!head) {
    head = Buffer.from(
      `{"apiVersion":${JSON.stringify(apiVersion)},"kind":${JSON.stringify(
        kind,
      )},`,
    );
    typedHeads.set(key, head);
  }
  return head;
}

/** Pushes the buffers of one object in the given shape onto `out`. */
export function pushItem(
  out: Buffer[],
  entry: Entry,
  shape: Shape,
  apiVersion: string,
  kind: string,
): void {
  if (shape === 'partial') {
    out.push(PARTIAL_HEAD, entry.meta, CLOSE);
  } else if (shape === 'plain') {
    out.push(PLAIN_HEAD, entry.meta, entry.rest, CLOSE);
  } else {
    out.push(
      typedHead(apiVersion, kind),
      OPEN_META,
      entry.meta,
      entry.rest,
      CLOSE,
    );
  }
}

/** A whole list response body. */
export function listBody(options: {
  entries: Entry[];
  shape: Shape;
  apiVersion: string;
  kind: string;
  resourceVersion: number;
  continueToken?: string;
  remaining?: number;
}): Buffer {
  const { shape, apiVersion, kind } = options;
  const listKind =
    shape === 'partial' ? 'PartialObjectMetadataList' : `${kind}List`;
  const listApiVersion = shape === 'partial' ? 'meta.k8s.io/v1' : apiVersion;
  const metadata: Record<string, unknown> = {
    resourceVersion: String(options.resourceVersion),
  };
  if (options.continueToken) {
    metadata.continue = options.continueToken;
    metadata.remainingItemCount = options.remaining;
  }
  const out: Buffer[] = [
    Buffer.from(
      `{"kind":"${listKind}","apiVersion":"${listApiVersion}","metadata":${JSON.stringify(
        metadata,
      )},"items":[`,
    ),
  ];
  options.entries.forEach((entry, i) => {
    if (i > 0) out.push(COMMA);
    pushItem(out, entry, shape, apiVersion, kind);
  });
  out.push(Buffer.from(']}'));
  return Buffer.concat(out);
}

/** One watch event line (newline-delimited JSON). */
export function eventLine(
  type: string,
  entry: Entry,
  partial: boolean,
  apiVersion: string,
  kind: string,
): Buffer {
  const out: Buffer[] = [Buffer.from(`{"type":"${type}","object":`)];
  pushItem(out, entry, partial ? 'partial' : 'typed', apiVersion, kind);
  out.push(Buffer.from('}\n'));
  return Buffer.concat(out);
}

export function bookmarkLine(
  rv: number,
  partial: boolean,
  apiVersion: string,
  kind: string,
): Buffer {
  const object = partial
    ? { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1' }
    : { kind, apiVersion };
  return Buffer.from(
    `${JSON.stringify({
      type: 'BOOKMARK',
      object: { ...object, metadata: { resourceVersion: String(rv) } },
    })}\n`,
  );
}

export function statusBody(code: number, reason: string, message: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
}
