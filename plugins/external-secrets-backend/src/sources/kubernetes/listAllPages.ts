import { KubeConfig } from '@kubernetes/client-node';
import { KubeObject } from '@eso-health/plugin-external-secrets-common';
import { kubeRequest } from './kubeRequest';

export interface KubeList {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion?: string };
  items: KubeObject[];
}

export interface ListAllPagesOptions {
  path: string;
  fieldSelector?: string;
  accept?: string;
  /** Items per page (the server may send fewer). */
  limit?: number;
  /** Signal for every page request (stop and timeout). */
  signal?: () => AbortSignal;
}

/**
 * Lists a collection page by page (`limit` + `continue`), so a big cluster never answers with
 * one huge body, and returns one list with the `resourceVersion` to watch from. A `continue`
 * token that expired makes the server answer 410, which the caller treats like any list error.
 */
export async function listAllPages(
  kc: KubeConfig,
  options: ListAllPagesOptions,
): Promise<KubeList> {
  const items: KubeObject[] = [];
  let next: string | undefined;
  let last: any;
  do {
    last = await kubeRequest(kc, {
      path: options.path,
      query: {
        limit: options.limit ?? 500,
        continue: next,
        fieldSelector: options.fieldSelector,
      },
      accept: options.accept,
      signal: options.signal?.(),
    });
    if (Array.isArray(last?.items)) {
      items.push(
        ...last.items.filter(
          (item: unknown) => item && typeof item === 'object',
        ),
      );
    }
    next =
      typeof last?.metadata?.continue === 'string' && last.metadata.continue
        ? last.metadata.continue
        : undefined;
  } while (next);
  return {
    apiVersion: last?.apiVersion,
    kind: last?.kind,
    metadata: { resourceVersion: last?.metadata?.resourceVersion },
    items,
  };
}
