import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import {
  ExternalSecretStatus,
  RefreshPolicy,
} from '@eso-health/plugin-external-secrets-common';
import { formatExact, formatInterval, formatRelative } from '../../lib/time';
import { useTableStyles } from './tableStyles';

/** "every 1h", "once": how often ESO refreshes, in the words of the spec. */
function refreshLabel(policy: RefreshPolicy, seconds: number | null): string {
  if (policy === 'CreatedOnce') return 'once (CreatedOnce)';
  if (policy === 'OnChange') return 'on spec change';
  if (seconds === null || seconds === undefined) return 'interval unknown';
  if (seconds === 0) return 'once';
  return `every ${formatInterval(seconds)}`;
}

/** When ESO last synced (exact time on hover) and how often it refreshes. */
export function LastSyncCell(props: {
  es: ExternalSecretStatus;
  now: Date;
  /** One caption line under the name, for narrow cards. */
  inline?: boolean;
}) {
  const { es, now, inline } = props;
  const classes = useTableStyles();
  const relative = es.lastSyncTime
    ? formatRelative(es.lastSyncTime, now)
    : 'Never';
  const tooltip = es.lastSyncTime
    ? `Last successful sync: ${formatExact(es.lastSyncTime)}`
    : 'ESO has not synced this ExternalSecret yet';
  const refresh = refreshLabel(es.refreshPolicy, es.refreshInterval);
  if (inline) {
    return (
      <Tooltip title={tooltip}>
        <Typography variant="caption" component="span" className={classes.meta}>
          {es.lastSyncTime ? `synced ${relative}` : 'never synced'} · {refresh}
        </Typography>
      </Tooltip>
    );
  }
  return (
    <>
      <Tooltip title={tooltip}>
        <Typography variant="body2" component="span" display="block">
          {relative}
        </Typography>
      </Tooltip>
      <Typography variant="caption" component="span" className={classes.meta}>
        {refresh}
      </Typography>
    </>
  );
}
