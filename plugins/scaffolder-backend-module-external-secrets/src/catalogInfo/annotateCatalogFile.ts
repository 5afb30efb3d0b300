import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
} from '@eso-health/plugin-external-secrets-common';
import { isDeepStrictEqual } from 'node:util';
import {
  Document,
  isMap,
  isScalar,
  parseAllDocuments,
  stringify,
  YAMLMap,
} from 'yaml';

function sameName(a: unknown, b: string): boolean {
  return (
    typeof a === 'string' &&
    a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US')
  );
}

function matchesEntity(value: unknown, entity: CompoundEntityRef): boolean {
  if (!value || typeof value !== 'object') return false;
  const { kind, metadata } = value as { kind?: unknown; metadata?: any };
  if (!metadata || typeof metadata !== 'object') return false;
  return (
    sameName(kind, entity.kind) &&
    sameName(metadata.name, entity.name) &&
    sameName(metadata.namespace ?? 'default', entity.namespace)
  );
}

/** Column of `offset` in `text`, if only spaces precede it on its line. */
function blockColumn(text: string, offset: number): number | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^ *$/.test(before) ? before.length : undefined;
}

/** Offset just after the line on which a node's value ends. */
function afterLine(text: string, valueEnd: number): number {
  if (valueEnd > 0 && text[valueEnd - 1] === '\n') return valueEnd;
  const newline = text.indexOf('\n', valueEnd);
  return newline === -1 ? text.length : newline + 1;
}

/**
 * Inserts the annotation as one new line into the source, leaving every other byte as it was.
 * Handles block-style `metadata` (with or without a block `annotations` map); undefined for
 * other layouts, which the caller then re-serialises.
 */
function insertAnnotationLine(
  text: string,
  doc: Document.Parsed,
  value: string,
): string | undefined {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const metadata = doc.get('metadata', true);
  if (!isMap(metadata) || metadata.flow || metadata.items.length === 0) {
    return undefined;
  }
  const line = `${KUBERNETES_ID_ANNOTATION}: ${stringify(value).trimEnd()}`;
  const insertAt = (offset: number, insertion: string) => {
    // A file whose last line has no newline.
    const prefix = offset === text.length && !text.endsWith('\n') ? eol : '';
    return text.slice(0, offset) + prefix + insertion + text.slice(offset);
  };
  const annotations = metadata.get('annotations', true);
  if (isMap(annotations)) {
    const last = annotations.items[annotations.items.length - 1];
    const first = annotations.items[0];
    if (annotations.flow || !first || !last) return undefined;
    const firstKey = first.key as { range?: [number, number, number] };
    const lastValue = (last.value ?? last.key) as {
      range?: [number, number, number];
    };
    if (!firstKey.range || !lastValue.range) return undefined;
    const column = blockColumn(text, firstKey.range[0]);
    if (column === undefined) return undefined;
    return insertAt(
      afterLine(text, lastValue.range[1]),
      `${' '.repeat(column)}${line}${eol}`,
    );
  }
  if (annotations !== undefined) return undefined;
  // No annotations yet: add the map right after `name:`.
  const firstKey = metadata.items[0].key as {
    range?: [number, number, number];
  };
  const namePair = metadata.items.find(
    p => isScalar(p.key) && p.key.value === 'name',
  );
  const nameValue = namePair?.value as
    | { range?: [number, number, number] }
    | undefined;
  const metadataKey = (doc.contents as YAMLMap | null)?.items.find(
    p => isScalar(p.key) && p.key.value === 'metadata',
  )?.key as { range?: [number, number, number] } | undefined;
  if (!firstKey.range || !nameValue?.range || !metadataKey?.range) {
    return undefined;
  }
  const column = blockColumn(text, firstKey.range[0]);
  const parentColumn = blockColumn(text, metadataKey.range[0]);
  if (column === undefined || parentColumn === undefined) return undefined;
  const step = column - parentColumn > 0 ? column - parentColumn : 2;
  return insertAt(
    afterLine(text, nameValue.range[1]),
    `${' '.repeat(column)}annotations:${eol}${' '.repeat(
      column + step,
    )}${line}${eol}`,
  );
}

/** Sets the annotation through the Document API and re-serialises every document. */
function reserialise(
  docs: Document.Parsed[],
  index: number,
  value: string,
): string {
  const doc = docs[index];
  const annotations = doc.getIn(['metadata', 'annotations'], true);
  if (isMap(annotations)) {
    annotations.set(KUBERNETES_ID_ANNOTATION, value);
  } else {
    doc.setIn(
      ['metadata', 'annotations'],
      doc.createNode({ [KUBERNETES_ID_ANNOTATION]: value }),
    );
  }
  return docs.map(d => d.toString({ lineWidth: 0 })).join('');
}

/**
 * Adds the annotation to the entity's document of a catalog file, keeping comments, the other
 * documents and the formatting. Every candidate result is re-parsed and must equal the
 * original plus the annotation.
 */
export function annotateCatalogFile(
  text: string,
  entity: CompoundEntityRef,
  kubernetesId: string,
): { content: string } | { reason: string } {
  const parse = (source: string): Document.Parsed[] => [
    ...parseAllDocuments(source),
  ];
  const docs = parse(text);
  if (docs.length === 0) {
    return { reason: 'the file is empty' };
  }
  const broken = docs.find(d => d.errors.length > 0);
  if (broken) {
    return {
      reason: `the file is not valid YAML: ${broken.errors[0].message}`,
    };
  }
  let values: unknown[];
  try {
    values = docs.map(d => d.toJS());
  } catch (error) {
    return { reason: `the file could not be read as YAML: ${error}` };
  }
  const matches = values
    .map((v, i) => (matchesEntity(v, entity) ? i : -1))
    .filter(i => i >= 0);
  const ref = `${entity.kind}:${entity.namespace}/${entity.name}`;
  if (matches.length === 0) {
    return { reason: `no document of the file describes ${ref}` };
  }
  if (matches.length > 1) {
    return {
      reason: `${matches.length} documents of the file describe ${ref}`,
    };
  }
  const [index] = matches;
  const existing = (values[index] as any).metadata.annotations;
  if (existing !== undefined && existing !== null) {
    if (typeof existing !== 'object' || Array.isArray(existing)) {
      return { reason: 'metadata.annotations of the entity is not a map' };
    }
    for (const key of [
      KUBERNETES_ID_ANNOTATION,
      KUBERNETES_LABEL_SELECTOR_ANNOTATION,
    ]) {
      if (existing[key] !== undefined) {
        return {
          reason: `the file already sets ${key} (${JSON.stringify(
            existing[key],
          )}); the catalog has not read it yet`,
        };
      }
    }
  }
  // Compared as JSON: the values of catalog files are JSON (YAML 1.2 core schema).
  const plain = (v: unknown): unknown =>
    JSON.parse(JSON.stringify(v) ?? 'null');
  const expected = values.map((v, i) => {
    if (i !== index) return plain(v);
    const copy = plain(v) as any;
    copy.metadata.annotations = {
      ...(copy.metadata.annotations ?? {}),
      [KUBERNETES_ID_ANNOTATION]: kubernetesId,
    };
    return copy;
  });
  const correct = (candidate: string | undefined) => {
    if (candidate === undefined) return false;
    const reparsed = parse(candidate);
    if (reparsed.some(d => d.errors.length > 0)) {
      return false;
    }
    try {
      return isDeepStrictEqual(
        reparsed.map(d => plain(d.toJS())),
        expected,
      );
    } catch {
      return false;
    }
  };
  const inserted = insertAnnotationLine(text, docs[index], kubernetesId);
  if (correct(inserted)) return { content: inserted! };
  const rewritten = reserialise(docs, index, kubernetesId);
  if (correct(rewritten)) return { content: rewritten };
  return {
    reason: 'the annotation could not be added without changing other values',
  };
}
