import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { RESOURCE_TYPE_EXTERNAL_SECRET } from '@eso-health/plugin-external-secrets-common';
import { z } from 'zod';

/**
 * An ExternalSecret as permission rules see it: where it is, and the catalog entities that claim
 * it through their Kubernetes annotations (with their owners).
 *
 * @public
 */
export interface ExternalSecretResource {
  cluster: string;
  namespace: string;
  name: string;
  claimedBy: Array<{ entityRef: string; owner?: string }>;
}

/**
 * Query form of the rules (the plugin filters in memory; there is no database query).
 *
 * @public
 */
export type ExternalSecretFilter = {
  key: 'cluster' | 'namespace' | 'owner';
  values: string[];
};

/**
 * The `external-secret` resource type of the `external-secrets` plugin.
 *
 * @public
 */
export const externalSecretPermissionResourceRef = createPermissionResourceRef<
  ExternalSecretResource,
  ExternalSecretFilter
>().with({
  pluginId: 'external-secrets',
  resourceType: RESOURCE_TYPE_EXTERNAL_SECRET,
});

const lower = (values: string[]) => new Set(values.map(v => v.toLowerCase()));

const isInCluster = createPermissionRule({
  name: 'IS_IN_CLUSTER',
  description: 'Allow ExternalSecrets in one of the named clusters',
  resourceRef: externalSecretPermissionResourceRef,
  paramsSchema: z.object({
    clusters: z.array(z.string()).describe('Cluster names, as configured'),
  }),
  apply: (resource, { clusters }) => clusters.includes(resource.cluster),
  toQuery: ({ clusters }) => ({ key: 'cluster', values: clusters }),
});

const isInNamespace = createPermissionRule({
  name: 'IS_IN_NAMESPACE',
  description:
    'Allow ExternalSecrets in one of the named Kubernetes namespaces (of any cluster)',
  resourceRef: externalSecretPermissionResourceRef,
  paramsSchema: z.object({
    namespaces: z.array(z.string()).describe('Kubernetes namespaces'),
  }),
  apply: (resource, { namespaces }) => namespaces.includes(resource.namespace),
  toQuery: ({ namespaces }) => ({ key: 'namespace', values: namespaces }),
});

const isClaimingEntityOwner = createPermissionRule({
  name: 'IS_CLAIMING_ENTITY_OWNER',
  description:
    'Allow ExternalSecrets claimed by a catalog entity owned by one of the given claims (typically the user’s ownership entity refs)',
  resourceRef: externalSecretPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe(
        'Owner entity refs; matches when a claiming entity’s spec.owner is one of them',
      ),
  }),
  apply: (resource, { claims }) => {
    const wanted = lower(claims);
    return resource.claimedBy.some(
      e => e.owner !== undefined && wanted.has(e.owner.toLowerCase()),
    );
  },
  toQuery: ({ claims }) => ({ key: 'owner', values: claims }),
});

/**
 * The rules registered for the `external-secret` resource type.
 *
 * @public
 */
export const externalSecretRules = {
  isInCluster,
  isInNamespace,
  isClaimingEntityOwner,
};

const { conditions, createConditionalDecision } = createConditionExports({
  resourceRef: externalSecretPermissionResourceRef,
  rules: externalSecretRules,
});

/**
 * Conditions for policies deciding `external-secret` permissions (`external-secrets.sync`):
 * `isInCluster({ clusters })`, `isInNamespace({ namespaces })`,
 * `isClaimingEntityOwner({ claims })`. See docs/permissions.md.
 *
 * @public
 */
export const externalSecretConditions = conditions;

/**
 * Builds a conditional decision for an `external-secret` permission.
 *
 * @public
 */
export const createExternalSecretConditionalDecision =
  createConditionalDecision;
