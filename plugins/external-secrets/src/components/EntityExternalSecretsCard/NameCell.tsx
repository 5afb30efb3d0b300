import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import WarningIcon from '@material-ui/icons/Warning';
import {
  ExternalSecretStatus,
  ProviderState,
} from '@eso-health/plugin-external-secrets-common';
import { describeSource, storeProviderLabel } from '../../lib/providers';
import { useTableStyles } from './tableStyles';

function StoreLine(props: { es: ExternalSecretStatus }) {
  const { store } = props.es;
  const classes = useTableStyles();
  const provider = storeProviderLabel(store);
  let marker: { text: string; title: string } | undefined;
  if (store.ready === false) {
    marker = {
      text: 'not ready',
      title: `The ${store.kind} is not Ready: ESO cannot read from it.`,
    };
  } else if (store.ready === null) {
    marker = {
      text: 'not found',
      title: `The ${store.kind} does not exist or has no Ready condition yet.`,
    };
  }
  return (
    <Typography variant="caption" component="span" className={classes.meta}>
      <span className={classes.segment}>
        {store.kind} {store.name}
      </span>
      {provider && (
        <span className={classes.segment} data-testid="store-provider">
          · {provider}
        </span>
      )}
      {marker && (
        <Tooltip title={marker.title}>
          <span className={`${classes.segment} ${classes.notReady}`}>
            <ErrorOutlineIcon className={classes.notReadyIcon} aria-hidden />
            {marker.text}
          </span>
        </Tooltip>
      )}
    </Typography>
  );
}

/**
 * How fresh the provider metadata behind this row's provider checks is; a failed refresh is
 * said here too (the row keeps its data: the checks use the last good metadata).
 */
function SourceLine(props: { source: ProviderState; now: Date }) {
  const { source, now } = props;
  const classes = useTableStyles();
  const { title, label, text, exact, failed } = describeSource(source, now);
  const tooltip = [
    `${title} metadata of ${label}.`,
    failed
      ? `Could not be refreshed: ${
          source.error ?? 'unknown error'
        }. Provider checks use the last good metadata.`
      : undefined,
    `${exact}.`,
    source.note,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <Tooltip title={tooltip}>
      <Typography
        variant="caption"
        component="span"
        className={classes.meta}
        data-testid="store-source"
      >
        {failed ? (
          <span className={classes.sourceFailed}>
            <WarningIcon className={classes.sourceFailedIcon} aria-hidden />
            metadata {text}
          </span>
        ) : (
          `metadata ${text}`
        )}
      </Typography>
    </Tooltip>
  );
}

/**
 * Where the ExternalSecret lives and what it reads and writes: name, cluster/namespace, target
 * Secret, store (with its provider and readiness), provider metadata freshness and the
 * ClusterExternalSecret it comes from.
 */
export function NameCell(props: {
  es: ExternalSecretStatus;
  source?: ProviderState;
  now: Date;
}) {
  const { es, source, now } = props;
  const classes = useTableStyles();
  return (
    <>
      <Typography variant="body2" className={classes.name}>
        <strong>{es.name}</strong>
      </Typography>
      <Typography variant="caption" component="span" className={classes.meta}>
        {es.cluster}/{es.namespace}
      </Typography>
      <Typography variant="caption" component="span" className={classes.meta}>
        {es.targetSecret
          ? `→ Secret ${es.targetSecret}`
          : '→ not a Secret (target.manifest)'}
      </Typography>
      <StoreLine es={es} />
      {source && <SourceLine source={source} now={now} />}
      {es.clusterExternalSecret && (
        <Typography variant="caption" component="span" className={classes.meta}>
          from ClusterExternalSecret {es.clusterExternalSecret}
        </Typography>
      )}
    </>
  );
}
