/**
 * Catalog annotations and the label through which the Backstage Kubernetes plugin links an entity.
 *
 * @public
 */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
/** @public */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
/** @public */
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';
/** @public */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/** @public */
export type LabelOperator =
  | '='
  | '!='
  | 'in'
  | 'notin'
  | 'exists'
  | '!'
  | 'gt'
  | 'lt';

/** @public */
export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  /** Values for `=`, `!=`, `in`, `notin`; one integer for `gt`/`lt`; empty otherwise. */
  values: string[];
}

/** @public */
export interface ServiceSelector {
  /** The selector in Kubernetes syntax, as given or built from the kubernetes-id. */
  labelSelector: string;
  requirements: LabelRequirement[];
  /** From `backstage.io/kubernetes-namespace`: only objects of this namespace match. */
  namespace?: string;
  /** Set when the label selector cannot be parsed: the selector then matches nothing. */
  error?: string;
}

// Label keys/values as the Kubernetes API validates them (qualified names, label values).
const KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

type Token = { type: 'id'; text: string } | { type: 'op'; text: string };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i++;
    } else if (input.startsWith('==', i) || input.startsWith('!=', i)) {
      tokens.push({ type: 'op', text: input.slice(i, i + 2) });
      i += 2;
    } else if ('=!(),<>'.includes(c)) {
      tokens.push({ type: 'op', text: c });
      i++;
    } else {
      let j = i;
      while (
        j < input.length &&
        !/\s/.test(input[j]) &&
        !'=!(),<>'.includes(input[j])
      )
        j++;
      tokens.push({ type: 'id', text: input.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

/**
 * Labels through which a service (catalog entity) can claim an ExternalSecret (docs/architecture.md, "Service mapping").
 *
 * @public
 */
export interface ClaimLabels {
  /** Always the ExternalSecret's namespace. */
  namespace: string;
  /** The ExternalSecret's own labels, then those of each workload (and its pods) consuming the target Secret. */
  labelSets: Record<string, string>[];
}

/**
 * The `backstage.io/kubernetes-id` values through which a claim can be made: the label on the
 * ExternalSecret or on a consuming workload or pod. Empty values do not count. The read model's
 * per-id lists and the CLI's grouping both use it.
 *
 * @public
 */
export function claimKubernetesIds(claim: ClaimLabels): Set<string> {
  const ids = new Set<string>();
  for (const labels of claim.labelSets) {
    const id = labels[KUBERNETES_ID_LABEL];
    if (typeof id === 'string' && id !== '') ids.add(id);
  }
  return ids;
}

/**
 * Parses a Kubernetes label selector (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<1`).
 *
 * @public
 */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  const tokens = tokenize(selector);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (text: string) => peek()?.type === 'op' && peek()!.text === text;
  const key = (): string => {
    const token = tokens[pos++];
    if (token?.type !== 'id' || !KEY.test(token.text)) {
      throw new Error(`expected a label key at "${token?.text ?? 'end'}"`);
    }
    return token.text;
  };
  const value = (): string => {
    if (peek()?.type !== 'id') return ''; // `a=` selects the empty value
    const text = tokens[pos++].text;
    if (!VALUE.test(text)) throw new Error(`invalid label value "${text}"`);
    return text;
  };
  const valueSet = (): string[] => {
    if (!isOp('(')) throw new Error('expected "(" after in/notin');
    pos++;
    const values = [value()];
    while (isOp(',')) {
      pos++;
      values.push(value());
    }
    if (!isOp(')')) throw new Error('expected ")" to close the value list');
    pos++;
    return values;
  };

  const requirements: LabelRequirement[] = [];
  if (tokens.length === 0) return requirements;
  for (;;) {
    if (isOp('!')) {
      pos++;
      requirements.push({ key: key(), operator: '!', values: [] });
    } else {
      const k = key();
      const token = peek();
      if (!token || (token.type === 'op' && token.text === ',')) {
        requirements.push({ key: k, operator: 'exists', values: [] });
      } else if (
        token.type === 'op' &&
        ['=', '==', '!='].includes(token.text)
      ) {
        pos++;
        requirements.push({
          key: k,
          operator: token.text === '!=' ? '!=' : '=',
          values: [value()],
        });
      } else if (
        token.type === 'op' &&
        (token.text === '>' || token.text === '<')
      ) {
        pos++;
        const bound = value();
        if (!/^-?\d+$/.test(bound))
          throw new Error(`expected an integer after "${token.text}"`);
        requirements.push({
          key: k,
          operator: token.text === '>' ? 'gt' : 'lt',
          values: [bound],
        });
      } else if (
        token.type === 'id' &&
        (token.text === 'in' || token.text === 'notin')
      ) {
        pos++;
        requirements.push({ key: k, operator: token.text, values: valueSet() });
      } else {
        throw new Error(`unexpected "${token.text}" after "${k}"`);
      }
    }
    if (pos === tokens.length) return requirements;
    if (!isOp(',')) throw new Error(`expected "," at "${peek()!.text}"`);
    pos++;
  }
}

/**
 * Whether a label set satisfies every requirement (Kubernetes semantics: `!=`/`notin` also match a missing label).
 *
 * @public
 */
export function labelsMatch(
  labels: Record<string, string>,
  requirements: LabelRequirement[],
): boolean {
  return requirements.every(({ key, operator, values }) => {
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const label = labels[key];
    switch (operator) {
      case '=':
      case 'in':
        return has && values.includes(label);
      case '!=':
      case 'notin':
        return !has || !values.includes(label);
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(label)) return false;
        return operator === 'gt'
          ? Number(label) > Number(values[0])
          : Number(label) < Number(values[0]);
      }
      default:
        return false;
    }
  });
}

/**
 * The selector a catalog entity's annotations describe, like the Backstage Kubernetes plugin:
 * `backstage.io/kubernetes-label-selector` wins over `backstage.io/kubernetes-id`; the optional
 * `backstage.io/kubernetes-namespace` narrows to one namespace. Undefined without either
 * selector annotation. A malformed label selector yields a selector with `error` set.
 *
 * @public
 */
export function parseServiceSelector(
  annotations: Record<string, string> | undefined,
): ServiceSelector | undefined {
  const labelSelector =
    annotations?.[KUBERNETES_LABEL_SELECTOR_ANNOTATION]?.trim();
  const id = annotations?.[KUBERNETES_ID_ANNOTATION]?.trim();
  const namespace =
    annotations?.[KUBERNETES_NAMESPACE_ANNOTATION]?.trim() || undefined;
  const withNamespace = (selector: ServiceSelector) =>
    namespace ? { ...selector, namespace } : selector;

  if (labelSelector) {
    try {
      return withNamespace({
        labelSelector,
        requirements: parseLabelSelector(labelSelector),
      });
    } catch (e) {
      return withNamespace({
        labelSelector,
        requirements: [],
        error: `Invalid ${KUBERNETES_LABEL_SELECTOR_ANNOTATION} "${labelSelector}": ${
          (e as Error).message
        }.`,
      });
    }
  }
  if (id) {
    return withNamespace({
      labelSelector: `${KUBERNETES_ID_LABEL}=${id}`,
      requirements: [{ key: KUBERNETES_ID_LABEL, operator: '=', values: [id] }],
    });
  }
  return undefined;
}

/**
 * True when the namespace matches (if the selector sets one) and any of the claim's label sets matches.
 *
 * @public
 */
export function claimMatchesSelector(
  claim: ClaimLabels,
  selector: ServiceSelector,
): boolean {
  if (selector.error) return false;
  if (selector.namespace && selector.namespace !== claim.namespace)
    return false;
  return claim.labelSets.some(labels =>
    labelsMatch(labels, selector.requirements),
  );
}
