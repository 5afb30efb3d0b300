import {
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AnnotateTarget } from '../types';
import { describeKubeError } from './describeKubeError';

/**
 * Maps a failed annotation patch to an `@backstage/errors` error that says what to do: 404 →
 * `NotFoundError`, 403 → `NotAllowedError` naming the RBAC verb and resource, anything else →
 * `ServiceUnavailableError` with the status or connection error.
 */
export function toAnnotateError(
  error: unknown,
  context: {
    clusterName: string;
    url: string;
    target: AnnotateTarget;
    resource: string;
  },
): Error {
  const { clusterName, url, target, resource } = context;
  const info = describeKubeError(error);
  const object = `${target.kind} ${
    target.namespace ? `${target.namespace}/` : ''
  }${target.name}`;
  const cause = error instanceof Error ? error : undefined;
  switch (info.type) {
    case 'not-found':
      return new NotFoundError(
        `${object} was not found in cluster '${clusterName}'`,
        cause,
      );
    case 'forbidden':
      return new NotAllowedError(
        `the service account of cluster '${clusterName}' may not patch ${resource}` +
          `${
            target.namespace ? ` in namespace ${target.namespace}` : ''
          }: grant it the "patch" verb on ${resource}`,
        cause,
      );
    case 'unauthorized':
      return new ServiceUnavailableError(
        `cluster '${clusterName}' rejected the credentials (401 Unauthorized) while annotating ${object}: ` +
          'check its serviceAccountToken',
        cause,
      );
    case 'unreachable':
    case 'tls':
      return new ServiceUnavailableError(
        `cannot reach ${url} (${info.code}) to annotate ${object}: check the URL and network`,
        cause,
      );
    default:
      return new ServiceUnavailableError(
        info.status !== undefined
          ? `cluster '${clusterName}' answered ${info.status} (${info.detail}) to the annotation of ${object}`
          : `annotating ${object} in cluster '${clusterName}' failed: ${info.detail}`,
        cause,
      );
  }
}
