import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

/**
 * The platform overview page.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'external-secrets' });

/**
 * Where "New secret pipeline" goes: the scaffolder's template page. Optional, with the
 * new frontend system binding it to the scaffolder by default; when unbound the card
 * falls back to the scaffolder's default path.
 *
 * @public
 */
export const createPipelineRouteRef = createExternalRouteRef({
  id: 'create-pipeline',
  optional: true,
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});
