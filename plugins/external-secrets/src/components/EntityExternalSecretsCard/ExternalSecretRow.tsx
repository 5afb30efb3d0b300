import Collapse from '@material-ui/core/Collapse';
import IconButton from '@material-ui/core/IconButton';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@material-ui/icons/KeyboardArrowUp';
import {
  ExternalSecretStatus,
  ProviderState,
  SEVERITY_ORDER,
} from '@eso-health/plugin-external-secrets-common';
import { useState } from 'react';
import { useExternalSecretHistory } from '../../hooks/useExternalSecretHistory';
import { useExternalSecretTimeline } from '../../hooks/useExternalSecretTimeline';
import { externalSecretKey } from '../../hooks/useSyncExternalSecret';
import { FindingChip, FindingDetails } from '../FindingChip';
import { HealthChip } from '../HealthChip';
import { ExternalSecretHistory } from './ExternalSecretHistory';
import { LastSyncCell } from './LastSyncCell';
import { NameCell } from './NameCell';
import { SyncButton } from './SyncButton';
import { useTableStyles } from './tableStyles';

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
export function ExternalSecretRow(props: ExternalSecretRowProps) {
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
  const classes = useTableStyles();
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
