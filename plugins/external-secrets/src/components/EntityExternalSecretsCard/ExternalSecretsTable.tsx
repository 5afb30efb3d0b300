import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  ExternalSecretStatus,
  HEALTH_ORDER,
  ProviderState,
} from '@eso-health/plugin-external-secrets-common';
import { useMemo, useState } from 'react';
import useMeasure from 'react-use/esm/useMeasure';
import { externalSecretKey } from '../../hooks/useSyncExternalSecret';
import { SafeBoundary } from '../SafeBoundary';
import { ExternalSecretRow } from './ExternalSecretRow';
import { useTableStyles } from './tableStyles';

const COMPACT_WIDTH = 640;

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
  const classes = useTableStyles();
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
