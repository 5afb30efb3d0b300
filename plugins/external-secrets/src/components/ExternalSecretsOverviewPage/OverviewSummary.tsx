import { InfoCard, StatusError, StatusOK } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import ButtonBase from '@material-ui/core/ButtonBase';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import {
  ClusterState,
  Health,
  HealthCounts,
  OverviewResponse,
  ProviderState,
  RuleId,
} from '@eso-health/plugin-external-secrets-common';
import { RULE_DESCRIPTIONS, ruleLabel } from '../../lib/ruleLabels';
import { dataAge, formatExact } from '../../lib/time';
import {
  sortSources,
  sourceFreshness,
  sourceLabel,
  sourceTitle,
} from '../../lib/providers';
import { WRAP_BETWEEN_WORDS } from '../../lib/styles';
import { HealthChip, healthLabel } from '../HealthChip';

const HEALTHS: Health[] = ['error', 'warning', 'unknown', 'healthy'];

const useStyles = makeStyles((theme: Theme) => ({
  figure: {
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  number: {
    fontSize: '2rem',
    fontWeight: theme.typography.fontWeightBold as number,
    lineHeight: 1.1,
  },
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.75) },
  statusList: { listStyle: 'none', margin: 0, padding: 0 },
  statusItem: {
    '& + &': { marginTop: theme.spacing(0.75) },
  },
  statusDetail: {
    display: 'block',
    color: theme.palette.text.secondary,
    paddingLeft: theme.spacing(2.5),
    overflowWrap: 'break-word',
  },
  rules: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.25),
  },
  rule: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    width: '100%',
    padding: theme.spacing(0.5, 1),
    borderRadius: theme.shape.borderRadius,
    textAlign: 'left',
    '&:hover': { backgroundColor: theme.palette.action.hover },
  },
  ruleSelected: {
    backgroundColor: theme.palette.action.selected,
    boxShadow: `inset 3px 0 0 ${theme.palette.primary.main}`,
    '&:hover': { backgroundColor: theme.palette.action.selected },
  },
  ruleCount: {
    fontWeight: theme.typography.fontWeightBold as number,
    marginLeft: theme.spacing(1),
    fontVariantNumeric: 'tabular-nums',
  },
  sourceHead: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(0.75),
  },
  sourceTitle: {
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  sourceDetail: {
    display: 'block',
    color: theme.palette.text.secondary,
    overflowWrap: 'break-word',
  },
  sourceError: {
    display: 'block',
    color: theme.palette.error.main,
    overflowWrap: 'break-word',
  },
  stateChip: { height: 20, fontSize: '0.75rem' },
  stateOk: {
    color: theme.palette.success.main,
    borderColor: theme.palette.success.main,
  },
  stateError: {
    color: theme.palette.error.main,
    borderColor: theme.palette.error.main,
  },
  storeName: {
    fontWeight: theme.typography.fontWeightMedium as number,
    whiteSpace: 'nowrap',
  },
  storesTable: {
    '& th, & td': { ...WRAP_BETWEEN_WORDS, verticalAlign: 'top' },
    '& th': { whiteSpace: 'nowrap' },
  },
}));

function HealthTotals(props: {
  counts: HealthCounts;
  noun: string;
  testId: string;
  selected?: Health | '';
  onSelect?: (health: Health | '') => void;
}) {
  const { counts, noun, testId, selected, onSelect } = props;
  const classes = useStyles();
  const total = HEALTHS.reduce((sum, h) => sum + (counts?.[h] ?? 0), 0);
  return (
    <Box data-testid={testId}>
      <Box className={classes.figure}>
        <Typography component="p" className={classes.number}>
          {total}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {noun}
        </Typography>
      </Box>
      <div className={classes.chips}>
        {HEALTHS.map(health => (
          <HealthChip
            key={health}
            health={health}
            label={`${counts?.[health] ?? 0} ${healthLabel(
              health,
            ).toLowerCase()}`}
            selected={selected === health}
            onClick={
              onSelect
                ? () => onSelect(selected === health ? '' : health)
                : undefined
            }
          />
        ))}
      </div>
    </Box>
  );
}

function StatusLine(props: {
  ok: boolean;
  label: string;
  detail?: string;
  title?: string;
}) {
  const classes = useStyles();
  const { ok, label, detail, title } = props;
  return (
    <li className={classes.statusItem} title={title}>
      <Typography variant="body2" component="span">
        {ok ? <StatusOK>{label}</StatusOK> : <StatusError>{label}</StatusError>}
      </Typography>
      {detail && (
        <Typography variant="caption" className={classes.statusDetail}>
          {detail}
        </Typography>
      )}
    </li>
  );
}

/**
 * One provider source: its title and state, where it reads, how fresh its metadata is (exact
 * time on hover), and its error, warnings or note.
 */
function ProviderSourceLine(props: { source: ProviderState; now: Date }) {
  const classes = useStyles();
  const { source, now } = props;
  const { text, exact } = sourceFreshness(source, now);
  const failed = source.status === 'error';
  return (
    <li
      className={classes.statusItem}
      data-testid={`provider-source-${source.scope}`}
    >
      <div className={classes.sourceHead}>
        <Typography
          variant="body2"
          component="span"
          className={classes.sourceTitle}
        >
          {sourceTitle(source)}
        </Typography>
        <Chip
          size="small"
          variant="outlined"
          label={failed ? 'error' : 'ok'}
          className={`${classes.stateChip} ${
            failed ? classes.stateError : classes.stateOk
          }`}
          data-testid="provider-state"
        />
      </div>
      <Typography variant="caption" className={classes.sourceDetail}>
        {sourceLabel(source)}
      </Typography>
      <Typography
        variant="caption"
        className={classes.sourceDetail}
        title={exact}
      >
        {text}
      </Typography>
      {failed && (
        <Typography variant="caption" className={classes.sourceError}>
          {source.error ?? 'unknown error'}
        </Typography>
      )}
      {(source.warnings ?? []).map(warning => (
        <Typography
          key={warning}
          variant="caption"
          className={classes.sourceDetail}
        >
          {warning}
        </Typography>
      ))}
      {source.note && (
        <Typography variant="caption" className={classes.sourceDetail}>
          {source.note}
        </Typography>
      )}
    </li>
  );
}

export interface OverviewSummaryProps {
  overview: OverviewResponse;
  now: Date;
  selectedRule: RuleId | '';
  onSelectRule: (rule: RuleId | '') => void;
  selectedHealth?: Health | '';
  onSelectHealth: (health: Health | '') => void;
}

/** Totals, clusters, providers, failing stores and findings by rule, above the services table. */
/** What to say under a cluster's name: its error, its loading progress, or what is worth knowing. */
function clusterDetail(cluster: ClusterState, now: Date): string | undefined {
  if (cluster.status === 'error')
    return `${cluster.error ?? 'unreachable'} (${dataAge(
      cluster.lastUpdated,
      now,
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

export function OverviewSummary(props: OverviewSummaryProps) {
  const {
    overview,
    now,
    selectedRule,
    onSelectRule,
    selectedHealth,
    onSelectHealth,
  } = props;
  const classes = useStyles();
  const clusters = overview.clusters ?? [];
  const providers = overview.providers ?? [];
  const storesNotReady = overview.storesNotReady ?? [];
  const reachable = clusters.filter(c => c.status === 'ok').length;
  const rules = (
    Object.entries(overview.findingsByRule ?? {}) as [RuleId, number][]
  )
    .filter(([, count]) => count > 0)
    .sort(
      (a, b) => b[1] - a[1] || ruleLabel(a[0]).localeCompare(ruleLabel(b[0])),
    );

  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12} sm={6} lg={3}>
        <InfoCard title="Services" variant="gridItem">
          <HealthTotals
            counts={overview.totals.services}
            noun="services with ExternalSecrets"
            testId="totals-services"
            selected={selectedHealth}
            onSelect={onSelectHealth}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <InfoCard title="ExternalSecrets" variant="gridItem">
          <HealthTotals
            counts={overview.totals.externalSecrets}
            noun={`across ${clusters.length} cluster${
              clusters.length === 1 ? '' : 's'
            }`}
            testId="totals-external-secrets"
          />
          <Tooltip title="ExternalSecrets that no catalog entity claims: label them or their workloads.">
            <Typography
              variant="body2"
              color="textSecondary"
              data-testid="totals-unassigned"
              style={{ marginTop: 8, display: 'inline-block' }}
            >
              {overview.totals.unassigned} unassigned
            </Typography>
          </Tooltip>
        </InfoCard>
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <InfoCard title="Clusters" variant="gridItem">
          <Box className={classes.figure}>
            <Typography
              component="p"
              className={classes.number}
              data-testid="clusters-reachable"
            >
              {reachable}/{clusters.length}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              reachable
            </Typography>
          </Box>
          <ul className={classes.statusList}>
            {clusters.map(cluster => (
              <StatusLine
                key={cluster.name}
                ok={cluster.status === 'ok'}
                label={cluster.name}
                title={
                  cluster.lastUpdated
                    ? `Last good data: ${formatExact(cluster.lastUpdated)}`
                    : undefined
                }
                detail={clusterDetail(cluster, now)}
              />
            ))}
          </ul>
        </InfoCard>
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <InfoCard title="Providers" variant="gridItem">
          {providers.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              No provider metadata configured: provider rules are off.
            </Typography>
          ) : (
            <ul className={classes.statusList}>
              {sortSources(providers).map(source => (
                <ProviderSourceLine
                  key={`${source.provider}-${source.scope}`}
                  source={source}
                  now={now}
                />
              ))}
            </ul>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard
          title="Findings by rule"
          subheader="Select a rule to list the services it affects"
          variant="gridItem"
        >
          {rules.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              No findings.
            </Typography>
          ) : (
            <div className={classes.rules}>
              {rules.map(([rule, count]) => {
                const selected = selectedRule === rule;
                return (
                  <Tooltip
                    key={rule}
                    title={RULE_DESCRIPTIONS[rule] ?? ''}
                    placement="top-start"
                  >
                    <ButtonBase
                      className={`${classes.rule} ${
                        selected ? classes.ruleSelected : ''
                      }`}
                      onClick={() => onSelectRule(selected ? '' : rule)}
                      aria-pressed={selected}
                      aria-label={`${ruleLabel(rule)}: ${count}`}
                      data-testid={`rule-${rule}`}
                    >
                      <Typography variant="body2" component="span">
                        {ruleLabel(rule)}
                      </Typography>
                      <Typography
                        variant="body2"
                        component="span"
                        className={classes.ruleCount}
                      >
                        {count}
                      </Typography>
                    </ButtonBase>
                  </Tooltip>
                );
              })}
            </div>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard
          title="Stores not ready"
          subheader={
            storesNotReady.length > 0
              ? 'No ExternalSecret can sync from these'
              : undefined
          }
          noPadding={storesNotReady.length > 0}
          variant="gridItem"
        >
          {storesNotReady.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              All SecretStores and ClusterSecretStores are ready.
            </Typography>
          ) : (
            <Table
              size="small"
              aria-label="Stores not ready"
              className={classes.storesTable}
            >
              <TableHead>
                <TableRow>
                  <TableCell>Store</TableCell>
                  <TableCell>Cluster</TableCell>
                  <TableCell>Reason</TableCell>
                  <TableCell align="right">ExternalSecrets</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {storesNotReady.map(store => (
                  <TableRow
                    key={`${store.cluster}/${store.kind}/${
                      store.namespace ?? ''
                    }/${store.name}`}
                  >
                    <TableCell>
                      <Typography variant="body2" className={classes.storeName}>
                        {store.namespace ? `${store.namespace}/` : ''}
                        {store.name}
                      </Typography>
                      <Typography
                        variant="caption"
                        color="textSecondary"
                        display="block"
                      >
                        {store.kind}
                      </Typography>
                    </TableCell>
                    <TableCell>{store.cluster}</TableCell>
                    <TableCell>
                      <Typography variant="body2">
                        {store.reason ??
                          (store.ready === null
                            ? 'No Ready condition'
                            : 'Not ready')}
                      </Typography>
                      {store.message && (
                        <Typography
                          variant="caption"
                          color="textSecondary"
                          display="block"
                        >
                          {store.message}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell align="right">{store.externalSecrets}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
}
