import {
  CompoundEntityRef,
  DEFAULT_NAMESPACE,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * Parses a possibly short entity ref (`team-ledger`, `default/team-ledger`) with a
 * default kind; undefined for anything that is not a usable ref. The backend sends full
 * refs, but owners copied from catalog YAML are often short, and a ref that does not
 * parse must not take the page down with it.
 */
export function toEntityRef(
  ref: unknown,
  defaultKind: string,
  defaultNamespace: string = DEFAULT_NAMESPACE,
): CompoundEntityRef | undefined {
  if (typeof ref !== 'string' || !ref.trim()) return undefined;
  try {
    const parsed = parseEntityRef(ref.trim(), {
      defaultKind,
      defaultNamespace,
    });
    return parsed.kind && parsed.name ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The full `kind:namespace/name` form of a possibly short ref, or undefined. */
export function toFullEntityRef(
  ref: unknown,
  defaultKind: string,
  defaultNamespace?: string,
): string | undefined {
  const parsed = toEntityRef(ref, defaultKind, defaultNamespace);
  return parsed ? stringifyEntityRef(parsed) : undefined;
}
