import { Health } from '../types/findings';
import { ExternalSecretStatus } from '../types/report';
import { claimKubernetesIds } from '../kubernetes/serviceSelector';
import { worstHealth } from './health';
import { EvaluatedExternalSecret } from './types';

/** @public */
export interface KubernetesIdGroup {
  /** Value of the `backstage.io/kubernetes-id` label. */
  id: string;
  /** Worst health of its ExternalSecrets. */
  health: Health;
  externalSecrets: ExternalSecretStatus[];
}

/** @public */
export interface KubernetesIdGroups {
  /** Sorted by id. */
  services: KubernetesIdGroup[];
  /** ExternalSecrets whose claim labels carry no kubernetes-id. */
  unassigned: ExternalSecretStatus[];
}

/**
 * Groups evaluated ExternalSecrets into services by the `backstage.io/kubernetes-id` values
 * of their claim labels (their own, or those of a consuming workload or pod). An
 * ExternalSecret with several ids is listed under each; input order is kept within a group.
 *
 * @public
 */
export function groupByKubernetesId(
  items: EvaluatedExternalSecret[],
): KubernetesIdGroups {
  const services = new Map<string, ExternalSecretStatus[]>();
  const unassigned: ExternalSecretStatus[] = [];
  for (const { status, claim } of items) {
    const ids = claimKubernetesIds(claim);
    if (ids.size === 0) unassigned.push(status);
    for (const id of ids) {
      if (!services.has(id)) services.set(id, []);
      services.get(id)!.push(status);
    }
  }
  return {
    services: [...services.keys()].sort().map(id => {
      const externalSecrets = services.get(id)!;
      return {
        id,
        health: worstHealth(externalSecrets.map(es => es.health)),
        externalSecrets,
      };
    }),
    unassigned,
  };
}
