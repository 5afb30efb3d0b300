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
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@material-ui/icons/KeyboardArrowUp';
import SyncIcon from '@material-ui/icons/Sync';
import WarningIcon from '@material-ui/icons/Warning';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ExternalSecretStatus,
  externalSecretsSyncPermission,
  HEALTH_ORDER,
  ProviderState,
  RefreshPolicy,
  SEVERITY_ORDER,
  stringifyExternalSecretRef,
} from '@eso-health/plugin-external-secrets-common';
import { useMemo, useState } from 'react';
import useMeasure from 'react-use/esm/useMeasure';
import { useExternalSecretHistory } from '../../hooks/useExternalSecretHistory';
import { useExternalSecretTimeline } from '../../hooks/useExternalSecretTimeline';
import { externalSecretKey } from '../../hooks/useSyncExternalSecret';
import {
  sourceFreshness,
  sourceLabel,
  sourceTitle,
  storeProviderLabel,
} from '../../lib/providers';
import { WRAP_BETWEEN_WORDS } from '../../lib/styles';
import { formatExact, formatInterval, formatRelative } from '../../lib/time';
import { FindingChip, FindingDetails } from '../FindingChip';
import { HealthChip } from '../HealthChip';
import { SafeBoundary } from '../SafeBoundary';
import { ExternalSecretHistory } from './ExternalSecretHistory';

const useStyles = makeStyles((theme: Theme) => ({
  scroll: { overflowX: 'auto' },
  table: {
    '& th, & td': {
      padding: theme.spacing(1.25, 1),
      verticalAlign: 'top',
      ...WRAP_BETWEEN_WORDS,
    },
    '& th': {
      paddingTop: theme.spacing(0.5),
      paddingBottom: theme.spacing(0.5),
      whiteSpace: 'nowrap',
    },
    '& th:first-child, & td:first-child': { paddingLeft: theme.spacing(1) },
    '& th:last-child, & td:last-child': { paddingRight: theme.spacing(0.5) },
  },
  // The theme stripes odd rows; with a details row after each row every visible row
  // would be striped, so rows use dividers instead.
  row: {
    '&, &:nth-of-type(odd)': { backgroundColor: 'transparent' },
    '& > td': { borderBottom: 'unset' },
  },
  detailsRow: {
    '&, &:nth-of-type(odd)': { backgroundColor: 'transparent' },
  },
  openRow: {
    '&, &:nth-of-type(odd)': { backgroundColor: theme.palette.action.hover },
  },
  detailsCell: {
    '&&': { paddingTop: 0, paddingBottom: 0 },
  },
  details: {
    padding: theme.spacing(1.5, 1, 2, 1),
  },
  nameCell: { overflowWrap: 'break-word', width: '40%', minWidth: 200 },
  name: {
    fontWeight: theme.typography.fontWeightBold as number,
    lineHeight: 1.4,
  },
  meta: {
    color: theme.palette.text.secondary,
    display: 'block',
    lineHeight: 1.5,
  },
  // Segments wrap as a whole: a line breaks between them, not inside a name.
  segment: { display: 'inline-block', marginRight: theme.spacing(1) },
  notReady: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: 2,
    color: theme.palette.error.main,
    fontWeight: theme.typography.fontWeightBold as number,
    verticalAlign: 'bottom',
  },
  notReadyIcon: { fontSize: 14 },
  sourceFailed: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: 2,
    verticalAlign: 'bottom',
  },
  sourceFailedIcon: { fontSize: 14, color: theme.palette.warning.main },
  fit: { width: '1%', whiteSpace: 'nowrap' },
  findingsCell: { minWidth: 170 },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  },
  actions: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'flex-end',
    marginTop: -4,
  },
  srOnly: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
}));

const COMPACT_WIDTH = 640;

/** "every 1h", "once": how often ESO refreshes, in the words of the spec. */
export function refreshLabel(
  policy: RefreshPolicy,
  seconds: number | null,
): string {
  if (policy === 'CreatedOnce') return 'once (CreatedOnce)';
  if (policy === 'OnChange') return 'on spec change';
  if (seconds === null || seconds === undefined) return 'interval unknown';
  if (seconds === 0) return 'once';
  return `every ${formatInterval(seconds)}`;
}

function StoreLine(props: { es: ExternalSecretStatus }) {
  const { store } = props.es;
  const classes = useStyles();
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
  const classes = useStyles();
  const { text, exact } = sourceFreshness(source, now);
  const failed = source.status === 'error';
  const title = [
    `${sourceTitle(source)} metadata of ${sourceLabel(source)}.`,
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
    <Tooltip title={title}>
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

function NameCell(props: {
  es: ExternalSecretStatus;
  source?: ProviderState;
  now: Date;
}) {
  const { es, source, now } = props;
  const classes = useStyles();
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

function LastSyncCell(props: {
  es: ExternalSecretStatus;
  now: Date;
  /** One caption line under the name, for narrow cards. */
  inline?: boolean;
}) {
  const { es, now, inline } = props;
  const classes = useStyles();
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

function SyncButton(props: {
  es: ExternalSecretStatus;
  pending: boolean;
  onSync: (es: ExternalSecretStatus) => void;
}) {
  const { es, pending, onSync } = props;
  // Decided per ExternalSecret (`<cluster>:<namespace>/<name>`), so a conditional policy (in
  // some namespaces, for ExternalSecrets of entities the user owns) shows the button where it
  // applies.
  const { allowed } = usePermission({
    permission: externalSecretsSyncPermission,
    resourceRef: stringifyExternalSecretRef(es),
  });
  if (!allowed) return null;
  return (
    <Tooltip title={pending ? 'Sync requested…' : 'Sync now'}>
      {/* A disabled button fires no events; the span keeps the tooltip working. */}
      <span>
        <IconButton
          size="small"
          disabled={pending}
          onClick={() => onSync(es)}
          aria-label={`Sync ${es.name} now`}
        >
          {pending ? (
            <CircularProgress size={18} aria-label="Sync in progress" />
          ) : (
            <SyncIcon fontSize="small" />
          )}
        </IconButton>
      </span>
    </Tooltip>
  );
}

interface ExternalSecretRowProps {
  es: ExternalSecretStatus;
  /** The provider source whose metadata applies to the row's store, when one is loaded. */
  source?: ProviderState;
  now: Date;
  compact: boolean;
  columns: number;
  isOpen: boolean;
  onToggle: () => void;
  onSync?: (es: ExternalSecretStatus) => void;
  pending: boolean;
  syncCount: number;
}

/**
 * One ExternalSecret and, below it, its details: findings, then history. The history is
 * loaded on the first expand and kept while the row is collapsed; a successful "Sync
 * now" or a new sync, data change or health in the report reloads it.
 */
function ExternalSecretRow(props: ExternalSecretRowProps) {
  const {
    es,
    source,
    now,
    compact,
    columns,
    isOpen,
    onToggle,
    onSync,
    pending,
  } = props;
  const classes = useStyles();
  const [opened, setOpened] = useState(isOpen);
  if (isOpen && !opened) setOpened(true);
  const refreshKey = [
    props.syncCount,
    es.lastSyncTime,
    es.secretChangedAt,
    es.health,
  ].join('|');
  const history = useExternalSecretHistory(es, { enabled: opened, refreshKey });
  const timeline = useExternalSecretTimeline(es, {
    enabled: opened,
    refreshKey,
  });
  const findings = [...(es.findings ?? [])].sort(
    (a, b) =>
      (SEVERITY_ORDER[b.severity] ?? 0) - (SEVERITY_ORDER[a.severity] ?? 0),
  );
  const chips = findings.map((finding, i) => (
    <FindingChip
      key={`${finding.rule}-${i}`}
      finding={finding}
      expanded={isOpen}
      onToggle={onToggle}
    />
  ));
  const key = externalSecretKey(es);
  let toggleTitle = 'History';
  if (isOpen) toggleTitle = 'Hide details';
  else if (findings.length > 0) toggleTitle = 'Details and history';
  return (
    <>
      <TableRow
        className={`${classes.row} ${isOpen ? classes.openRow : ''}`}
        data-testid={`es-row-${key}`}
      >
        <TableCell className={classes.nameCell}>
          <NameCell es={es} source={source} now={now} />
          {compact && <LastSyncCell es={es} now={now} inline />}
        </TableCell>
        {compact ? (
          <TableCell className={classes.findingsCell}>
            <div className={classes.chips}>
              <HealthChip health={es.health} />
              {chips}
            </div>
          </TableCell>
        ) : (
          <>
            <TableCell className={classes.fit}>
              <LastSyncCell es={es} now={now} />
            </TableCell>
            <TableCell className={classes.fit}>
              <HealthChip health={es.health} />
            </TableCell>
            <TableCell className={classes.findingsCell}>
              {findings.length === 0 ? (
                <Typography variant="body2" color="textSecondary">
                  None
                </Typography>
              ) : (
                <div className={classes.chips}>{chips}</div>
              )}
            </TableCell>
          </>
        )}
        <TableCell className={classes.fit}>
          <div className={classes.actions}>
            {onSync && <SyncButton es={es} pending={pending} onSync={onSync} />}
            <Tooltip title={toggleTitle}>
              <IconButton
                size="small"
                aria-expanded={isOpen}
                aria-label={
                  isOpen
                    ? `Hide details of ${es.name}`
                    : `Show details of ${es.name}`
                }
                onClick={onToggle}
              >
                {isOpen ? (
                  <KeyboardArrowUpIcon fontSize="small" />
                ) : (
                  <KeyboardArrowDownIcon fontSize="small" />
                )}
              </IconButton>
            </Tooltip>
          </div>
        </TableCell>
      </TableRow>
      <TableRow
        className={`${classes.detailsRow} ${isOpen ? classes.openRow : ''}`}
      >
        <TableCell className={classes.detailsCell} colSpan={columns}>
          <Collapse in={isOpen} timeout="auto" unmountOnExit>
            <div className={classes.details} data-testid={`es-details-${key}`}>
              {findings.map((finding, i) => (
                <FindingDetails
                  key={`${finding.rule}-${i}`}
                  finding={finding}
                  now={now}
                />
              ))}
              <ExternalSecretHistory
                history={history}
                timeline={timeline}
                now={now}
              />
            </div>
          </Collapse>
        </TableCell>
      </TableRow>
    </>
  );
}

export interface ExternalSecretsTableProps {
  externalSecrets: ExternalSecretStatus[];
  /** The report's provider sources: a row shows the freshness of the one its store uses. */
  providers?: ProviderState[];
  now: Date;
  /** Absent when the user may not sync: the button is then not shown at all. */
  onSync?: (es: ExternalSecretStatus) => void;
  isSyncPending?: (es: ExternalSecretStatus) => boolean;
  /** Successful "Sync now" requests of a row; its history reloads when this changes. */
  syncCount?: (es: ExternalSecretStatus) => number;
}

/**
 * One row per ExternalSecret, worst first, sized for the main column of an entity page:
 * where it lives, what it reads and writes, when it last synced, and its findings, whose
 * details open below the row together with its recent history.
 */
export function ExternalSecretsTable(props: ExternalSecretsTableProps) {
  const { externalSecrets, providers, now, onSync, isSyncPending, syncCount } =
    props;
  const classes = useStyles();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setExpanded(prev => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const rows = useMemo(
    () =>
      externalSecrets
        .map((es, index) => ({ es, index }))
        .sort(
          (a, b) =>
            (HEALTH_ORDER[b.es.health] ?? 0) -
              (HEALTH_ORDER[a.es.health] ?? 0) || a.index - b.index,
        )
        .map(({ es }) => es),
    [externalSecrets],
  );
  const sources = useMemo(
    () => new Map((providers ?? []).map(source => [source.scope, source])),
    [providers],
  );
  // The card sits in the main column (~700 px) or, on narrow screens and in sidebars,
  // in much less: below COMPACT_WIDTH, last sync moves under the name and health joins
  // the findings, so no column is squeezed into breaking words.
  const [measureRef, { width }] = useMeasure<HTMLDivElement>();
  const compact = width > 0 && width < COMPACT_WIDTH;
  const columns = compact ? 3 : 5;

  return (
    <div ref={measureRef} className={classes.scroll}>
      <Table
        size="small"
        aria-label="ExternalSecrets"
        className={classes.table}
      >
        <TableHead>
          <TableRow>
            <TableCell>ExternalSecret</TableCell>
            {compact ? (
              <TableCell className={classes.findingsCell}>Status</TableCell>
            ) : (
              <>
                <TableCell className={classes.fit}>Last sync</TableCell>
                <TableCell className={classes.fit}>Health</TableCell>
                <TableCell className={classes.findingsCell}>Findings</TableCell>
              </>
            )}
            <TableCell className={classes.fit}>
              <span className={classes.srOnly}>Actions</span>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(es => {
            const key = externalSecretKey(es);
            return (
              <SafeBoundary
                key={key}
                fallback={
                  <TableRow>
                    <TableCell colSpan={columns}>
                      <Typography variant="body2" color="error">
                        Could not show ExternalSecret {String(es.name)}.
                      </Typography>
                    </TableCell>
                  </TableRow>
                }
              >
                <ExternalSecretRow
                  es={es}
                  source={
                    es.store?.providerScope
                      ? sources.get(es.store.providerScope)
                      : undefined
                  }
                  now={now}
                  compact={compact}
                  columns={columns}
                  isOpen={expanded.has(key)}
                  onToggle={() => toggle(key)}
                  onSync={onSync}
                  pending={isSyncPending?.(es) ?? false}
                  syncCount={syncCount?.(es) ?? 0}
                />
              </SafeBoundary>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
