import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Collapse from '@material-ui/core/Collapse';
import IconButton from '@material-ui/core/IconButton';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@material-ui/icons/KeyboardArrowUp';
import SyncIcon from '@material-ui/icons/Sync';
import {
  ExternalSecretStatus,
  RefreshPolicy,
} from '@eso-health/plugin-external-secrets-common';
import { Fragment, useState } from 'react';
import { externalSecretKey } from '../../hooks/useSyncExternalSecret';
import { SEVERITY_ORDER } from '../../lib/ruleLabels';
import { formatExact, formatInterval, formatRelative } from '../../lib/time';
import { FindingChip, FindingDetails } from '../FindingChip';
import { HealthChip } from '../HealthChip';

const useStyles = makeStyles((theme: Theme) => ({
  row: { '& > td': { borderBottom: 'unset', verticalAlign: 'top' } },
  detailsCell: { paddingTop: 0, paddingBottom: 0 },
  notReady: { color: theme.palette.error.main, fontWeight: 'bold' },
  muted: { color: theme.palette.text.secondary },
}));

function refreshLabel(policy: RefreshPolicy, seconds: number | null): string {
  if (policy === 'CreatedOnce') return 'once (CreatedOnce)';
  if (policy === 'OnChange') return 'on spec change';
  return formatInterval(seconds);
}

function StoreCell(props: { es: ExternalSecretStatus }) {
  const { store } = props.es;
  const classes = useStyles();
  let marker: { text: string; title: string } | undefined;
  if (store.ready === false) {
    marker = {
      text: 'not ready',
      title: `The ${store.kind} is not Ready: ESO cannot use it.`,
    };
  } else if (store.ready === null) {
    marker = {
      text: 'not found',
      title: `The ${store.kind} does not exist or has no Ready condition yet.`,
    };
  }
  return (
    <>
      <Typography variant="body2">
        {store.kind}/{store.name}
      </Typography>
      {marker && (
        <Tooltip title={marker.title}>
          <Typography variant="caption" className={classes.notReady}>
            {marker.text}
          </Typography>
        </Tooltip>
      )}
    </>
  );
}

export interface ExternalSecretsTableProps {
  externalSecrets: ExternalSecretStatus[];
  now: Date;
  /** Absent when the user may not sync: the column is then not shown at all. */
  onSync?: (es: ExternalSecretStatus) => void;
  isSyncPending?: (es: ExternalSecretStatus) => boolean;
}

/** One row per ExternalSecret; findings open below their row. */
export function ExternalSecretsTable(props: ExternalSecretsTableProps) {
  const { externalSecrets, now, onSync, isSyncPending } = props;
  const classes = useStyles();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setExpanded(prev => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const columns = onSync ? 8 : 7;

  return (
    <Table size="small" aria-label="ExternalSecrets">
      <TableHead>
        <TableRow>
          <TableCell>ExternalSecret</TableCell>
          <TableCell>Store</TableCell>
          <TableCell>Target Secret</TableCell>
          <TableCell>Last sync</TableCell>
          <TableCell>Refresh</TableCell>
          <TableCell>Health</TableCell>
          <TableCell>Findings</TableCell>
          {onSync && <TableCell aria-label="Actions" />}
        </TableRow>
      </TableHead>
      <TableBody>
        {externalSecrets.map(es => {
          const key = externalSecretKey(es);
          const isOpen = expanded.has(key);
          const findings = [...es.findings].sort(
            (a, b) => SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity],
          );
          const pending = isSyncPending?.(es) ?? false;
          return (
            <Fragment key={key}>
              <TableRow className={classes.row} data-testid={`es-row-${key}`}>
                <TableCell>
                  <Typography variant="body2">
                    <strong>{es.name}</strong>
                  </Typography>
                  <Typography variant="caption" className={classes.muted}>
                    {es.cluster}/{es.namespace}
                  </Typography>
                  {es.clusterExternalSecret && (
                    <Typography
                      variant="caption"
                      component="p"
                      className={classes.muted}
                    >
                      from ClusterExternalSecret {es.clusterExternalSecret}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  <StoreCell es={es} />
                </TableCell>
                <TableCell>
                  {es.targetSecret ?? (
                    <Typography variant="body2" className={classes.muted}>
                      not a Secret
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  <Tooltip title={formatExact(es.lastSyncTime)}>
                    <Typography variant="body2">
                      {formatRelative(es.lastSyncTime, now)}
                    </Typography>
                  </Tooltip>
                </TableCell>
                <TableCell>
                  {refreshLabel(es.refreshPolicy, es.refreshInterval)}
                </TableCell>
                <TableCell>
                  <HealthChip health={es.health} />
                </TableCell>
                <TableCell>
                  {findings.length === 0 ? (
                    <Typography variant="body2" className={classes.muted}>
                      None
                    </Typography>
                  ) : (
                    <Box display="flex" flexWrap="wrap" alignItems="center">
                      {findings.map((finding, i) => (
                        <FindingChip
                          key={`${finding.rule}-${i}`}
                          finding={finding}
                          expanded={isOpen}
                          onToggle={() => toggle(key)}
                        />
                      ))}
                      <IconButton
                        size="small"
                        aria-label={
                          isOpen
                            ? `Hide details of ${es.name}`
                            : `Show details of ${es.name}`
                        }
                        onClick={() => toggle(key)}
                      >
                        {isOpen ? (
                          <KeyboardArrowUpIcon />
                        ) : (
                          <KeyboardArrowDownIcon />
                        )}
                      </IconButton>
                    </Box>
                  )}
                </TableCell>
                {onSync && (
                  <TableCell>
                    <Button
                      size="small"
                      variant="outlined"
                      startIcon={
                        pending ? <CircularProgress size={14} /> : <SyncIcon />
                      }
                      disabled={pending}
                      onClick={() => onSync(es)}
                      aria-label={`Sync ${es.name} now`}
                    >
                      Sync now
                    </Button>
                  </TableCell>
                )}
              </TableRow>
              <TableRow>
                <TableCell className={classes.detailsCell} colSpan={columns}>
                  <Collapse in={isOpen} timeout="auto" unmountOnExit>
                    <Box py={1}>
                      {findings.map((finding, i) => (
                        <FindingDetails
                          key={`${finding.rule}-${i}`}
                          finding={finding}
                          now={now}
                        />
                      ))}
                    </Box>
                  </Collapse>
                </TableCell>
              </TableRow>
            </Fragment>
          );
        })}
      </TableBody>
    </Table>
  );
}
