import { createPermission } from '@backstage/plugin-permission-common';

/** Catalog entity resource type (`RESOURCE_TYPE_CATALOG_ENTITY` of @backstage/plugin-catalog-common). */
const CATALOG_ENTITY = 'catalog-entity';

/** Read the External Secrets report of a catalog entity. */
export const externalSecretsReportReadPermission = createPermission({
  name: 'external-secrets.report.read',
  attributes: { action: 'read' },
  resourceType: CATALOG_ENTITY,
});

/** Force a sync of an ExternalSecret that belongs to a catalog entity. */
export const externalSecretsSyncPermission = createPermission({
  name: 'external-secrets.sync',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

export const externalSecretsPermissions = [
  externalSecretsReportReadPermission,
  externalSecretsSyncPermission,
];
