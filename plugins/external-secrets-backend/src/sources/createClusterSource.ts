import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterConfig } from '../config/readExternalSecretsConfig';
import { KubernetesClusterSource } from './kubernetes/KubernetesClusterSource';
import { ManifestsClusterSource } from './manifests/ManifestsClusterSource';
import { Replay } from './Replay';
import { ClusterSource } from './types';

/** Builds the source for one configured cluster: a live API server or a manifests folder. */
export function createClusterSource(
  cluster: ClusterConfig,
  options: { logger: LoggerService; replay?: Replay },
): ClusterSource {
  const logger = options.logger.child({ cluster: cluster.name });
  if (cluster.type === 'manifests') {
    return new ManifestsClusterSource({
      name: cluster.name,
      path: cluster.manifests,
      replay: options.replay,
      logger,
    });
  }
  return new KubernetesClusterSource({ cluster, logger });
}
