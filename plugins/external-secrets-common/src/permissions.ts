import { createPermission } from '@backstage/plugin-permission-common';

/** Catalog entity resource type (`RESOURCE_TYPE_CATALOG_ENTITY` of @backstage/plugin-catalog-common). */
const CATALOG_ENTITY = 'catalog-entity';

/**
 * Resource type of one ExternalSecret in a watched cluster. Its resource ref is
 * `<cluster>:<namespace>/<name>` ({@link stringifyExternalSecretRef}); the backend registers rules
 * for it (by cluster, by namespace, by owner of a claiming catalog entity), so a policy can return
 * conditional decisions for it.
 *
 * @public
 */
export const RESOURCE_TYPE_EXTERNAL_SECRET = 'external-secret';

/**
 * Read the External Secrets report of a catalog entity.
 *
 * @public
 */
export const externalSecretsReportReadPermission = createPermission({
  name: 'external-secrets.report.read',
  attributes: { action: 'read' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Force a sync of an ExternalSecret. Decided on the ExternalSecret itself (resource ref
 * `<cluster>:<namespace>/<name>`), so a policy can allow it conditionally: in some clusters or
 * namespaces, or for ExternalSecrets claimed by an entity the user owns.
 *
 * @public
 */
export const externalSecretsSyncPermission = createPermission({
  name: 'external-secrets.sync',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_EXTERNAL_SECRET,
});

/**
 * See infrastructure details in full: cluster and provider-source errors and warnings (API server
 * URLs, file paths, AWS account ids and principal ARNs) and the ARNs and URLs in ESO's conditions.
 * Without it a reader gets the kind of failure and what to do (docs/permissions.md). A basic
 * permission: grant it to platform admins.
 *
 * @public
 */
export const externalSecretsDetailsReadPermission = createPermission({
  name: 'external-secrets.details.read',
  attributes: { action: 'read' },
});

/** @public */
export const externalSecretsPermissions = [
  externalSecretsReportReadPermission,
  externalSecretsSyncPermission,
  externalSecretsDetailsReadPermission,
];

/**
 * An ExternalSecret's place in a cluster, as its permission resource ref names it.
 *
 * @public
 */
export interface ExternalSecretRef {
  cluster: string;
  namespace: string;
  name: string;
}

/**
 * `<cluster>:<namespace>/<name>`: the resource ref of an ExternalSecret for permission checks.
 *
 * @public
 */
export function stringifyExternalSecretRef(ref: ExternalSecretRef): string {
  return `${ref.cluster}:${ref.namespace}/${ref.name}`;
}

/**
 * Parses `<cluster>:<namespace>/<name>`; undefined when it is not one. Kubernetes namespaces and
 * names hold neither `:` nor `/`, so the last `:` ends the cluster name, whatever it holds.
 *
 * @public
 */
export function parseExternalSecretRef(
  ref: string,
): ExternalSecretRef | undefined {
  const colon = ref.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const [namespace, name, ...rest] = ref.slice(colon + 1).split('/');
  if (!namespace || !name || rest.length) return undefined;
  return { cluster: ref.slice(0, colon), namespace, name };
}
