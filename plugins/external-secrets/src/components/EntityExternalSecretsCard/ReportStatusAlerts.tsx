import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import {
  ClusterState,
  describeDataAge,
  ProviderState,
} from '@eso-health/plugin-external-secrets-common';
import { formatRelative } from '../../lib/time';
import { sourceLabel, sourceTitle } from '../../lib/providers';
import { errorMessage } from '../../lib/errorMessage';

/**
 * Per-cluster and per-provider problems, shown above the rows instead of replacing
 * them: an unreachable cluster still has its last known data.
 */
export function ReportStatusAlerts(props: {
  clusters: ClusterState[];
  providers: ProviderState[];
  /** The latest poll failed while an older report is still on screen. */
  refreshError?: Error;
  now: Date;
}) {
  const { clusters, providers, refreshError, now } = props;
  const failedClusters = clusters.filter(c => c.status === 'error');
  const loadingClusters = clusters.filter(c => c.status === 'loading');
  const noticed = clusters.filter(c => c.notice);
  const failedProviders = providers.filter(p => p.status === 'error');
  return (
    <>
      {refreshError && (
        <Box mb={1}>
          <Alert severity="warning">
            Could not refresh the report: {errorMessage(refreshError)}. Showing
            the last loaded data.
          </Alert>
        </Box>
      )}
      {failedClusters.map(cluster => (
        <Box mb={1} key={`cluster-${cluster.name}`}>
          <Alert severity="error" data-testid={`cluster-error-${cluster.name}`}>
            Cluster <strong>{cluster.name}</strong>:{' '}
            {cluster.error ?? 'the backend cannot reach it.'} (
            {describeDataAge(cluster.lastUpdated, now.getTime())})
          </Alert>
        </Box>
      ))}
      {loadingClusters.map(cluster => (
        <Box mb={1} key={`cluster-loading-${cluster.name}`}>
          <Alert
            severity="info"
            data-testid={`cluster-loading-${cluster.name}`}
          >
            Cluster <strong>{cluster.name}</strong> is loading
            {cluster.progress
              ? ` (${cluster.progress.listed} of ${cluster.progress.total} kinds listed)`
              : ''}
            : its ExternalSecrets appear once every kind is listed.
          </Alert>
        </Box>
      ))}
      {noticed.map(cluster => (
        <Box mb={1} key={`cluster-notice-${cluster.name}`}>
          <Alert severity="info">
            Cluster <strong>{cluster.name}</strong>: {cluster.notice}.
          </Alert>
        </Box>
      ))}
      {failedProviders.map(provider => (
        <Box mb={1} key={`provider-${provider.scope}`}>
          <Alert severity="warning">
            {sourceTitle(provider)} metadata ({sourceLabel(provider)}) could not
            be refreshed: {provider.error ?? 'unknown error'}.{' '}
            {provider.refreshedAt
              ? `Drift checks against the provider use data from ${formatRelative(
                  provider.refreshedAt,
                  now,
                )}.`
              : 'It has never been read, so no provider drift is checked yet.'}
          </Alert>
        </Box>
      ))}
    </>
  );
}
