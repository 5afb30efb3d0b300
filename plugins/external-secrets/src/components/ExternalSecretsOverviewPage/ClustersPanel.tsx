import { InfoCard, StatusError, StatusOK } from '@backstage/core-components';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import {
  ClusterState,
  describeDataAge,
} from '@eso-health/plugin-external-secrets-common';
import { formatExact } from '../../lib/time';
import { SummaryFigure } from './SummaryFigure';
import { useSummaryStyles } from './summaryStyles';

const useStyles = makeStyles((theme: Theme) => ({
  statusDetail: {
    display: 'block',
    color: theme.palette.text.secondary,
    paddingLeft: theme.spacing(2.5),
    overflowWrap: 'break-word',
  },
}));

/**
 * What to say under a cluster's name: its error with the age of its data (the error itself never
 * states one), its loading progress, or what is worth knowing.
 */
function clusterDetail(cluster: ClusterState, now: Date): string | undefined {
  if (cluster.status === 'error')
    return `${cluster.error ?? 'unreachable'} (${describeDataAge(
      cluster.lastUpdated,
      now.getTime(),
    )})`;
  const notes = [
    cluster.status === 'loading'
      ? `loading${
          cluster.progress
            ? `: ${cluster.progress.listed} of ${cluster.progress.total} kinds listed`
            : ''
        }`
      : undefined,
    cluster.secrets === 'none'
      ? 'Secrets not read: change times from ESO events'
      : undefined,
    cluster.notice,
  ].filter(Boolean);
  return notes.length ? notes.join('; ') : undefined;
}

function ClusterLine(props: { cluster: ClusterState; now: Date }) {
  const { cluster, now } = props;
  const summary = useSummaryStyles();
  const classes = useStyles();
  const label = cluster.name;
  const detail = clusterDetail(cluster, now);
  return (
    <li
      className={summary.statusItem}
      title={
        cluster.lastUpdated
          ? `Last good data: ${formatExact(cluster.lastUpdated)}`
          : undefined
      }
    >
      <Typography variant="body2" component="span">
        {cluster.status === 'ok' ? (
          <StatusOK>{label}</StatusOK>
        ) : (
          <StatusError>{label}</StatusError>
        )}
      </Typography>
      {detail && (
        <Typography variant="caption" className={classes.statusDetail}>
          {detail}
        </Typography>
      )}
    </li>
  );
}

/** "Clusters": how many are reachable, and a line per cluster with what is wrong or worth knowing. */
export function ClustersPanel(props: { clusters: ClusterState[]; now: Date }) {
  const { clusters, now } = props;
  const summary = useSummaryStyles();
  const reachable = clusters.filter(c => c.status === 'ok').length;
  return (
    <InfoCard title="Clusters" variant="gridItem">
      <SummaryFigure
        value={
          <>
            {reachable}/{clusters.length}
          </>
        }
        caption="reachable"
        testId="clusters-reachable"
      />
      <ul className={summary.statusList}>
        {clusters.map(cluster => (
          <ClusterLine key={cluster.name} cluster={cluster} now={now} />
        ))}
      </ul>
    </InfoCard>
  );
}
