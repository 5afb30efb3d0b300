import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import {
  Health,
  HealthCounts,
  OverviewResponse,
  RuleId,
} from '@eso-health/plugin-external-secrets-common';
import { RULE_DESCRIPTIONS, ruleLabel } from '../../lib/ruleLabels';
import { dataAge, formatExact, formatRelative } from '../../lib/time';
import { providerName } from '../../lib/providers';
import { HealthChip, healthLabel } from '../HealthChip';

const HEALTHS: Health[] = ['error', 'warning', 'unknown', 'healthy'];

function HealthTotals(props: {
  counts: HealthCounts;
  testId: string;
  onSelect?: (health: Health) => void;
}) {
  const { counts, testId, onSelect } = props;
  const total = HEALTHS.reduce((sum, h) => sum + (counts[h] ?? 0), 0);
  return (
    <Box data-testid={testId}>
      <Typography variant="h4" component="p">
        {total}
      </Typography>
      <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
        {HEALTHS.map(health => (
          <HealthChip
            key={health}
            health={health}
            label={`${counts[health] ?? 0} ${healthLabel(
              health,
            ).toLowerCase()}`}
            onClick={onSelect ? () => onSelect(health) : undefined}
          />
        ))}
      </Box>
    </Box>
  );
}

export interface OverviewSummaryProps {
  overview: OverviewResponse;
  now: Date;
  selectedRule: RuleId | '';
  onSelectRule: (rule: RuleId | '') => void;
  onSelectHealth: (health: Health) => void;
}

/** Totals, clusters, providers, failing stores and findings by rule, above the services table. */
export function OverviewSummary(props: OverviewSummaryProps) {
  const { overview, now, selectedRule, onSelectRule, onSelectHealth } = props;
  const reachable = overview.clusters.filter(c => c.status === 'ok').length;
  const failedClusters = overview.clusters.filter(c => c.status === 'error');
  const rules = (Object.entries(overview.findingsByRule) as [RuleId, number][])
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1]);

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6} lg={3}>
        <InfoCard title="Services">
          <HealthTotals
            counts={overview.totals.services}
            testId="totals-services"
            onSelect={onSelectHealth}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6} lg={3}>
        <InfoCard title="ExternalSecrets">
          <HealthTotals
            counts={overview.totals.externalSecrets}
            testId="totals-external-secrets"
          />
          <Tooltip title="ExternalSecrets that no catalog entity claims: label them or their workloads.">
            <Typography
              variant="body2"
              color="textSecondary"
              data-testid="totals-unassigned"
            >
              {overview.totals.unassigned} unassigned
            </Typography>
          </Tooltip>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6} lg={3}>
        <InfoCard title="Clusters">
          <Typography
            variant="h4"
            component="p"
            data-testid="clusters-reachable"
          >
            {reachable}/{overview.clusters.length}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            reachable
          </Typography>
          {failedClusters.length > 0 && (
            <List dense disablePadding>
              {failedClusters.map(cluster => (
                <ListItem key={cluster.name} disableGutters>
                  <ListItemText
                    primary={cluster.name}
                    secondary={`${cluster.error ?? 'unreachable'} (${dataAge(
                      cluster.lastUpdated,
                      now,
                    )})`}
                    primaryTypographyProps={{ color: 'error' }}
                  />
                </ListItem>
              ))}
            </List>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6} lg={3}>
        <InfoCard title="Providers">
          {overview.providers.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              No provider metadata configured.
            </Typography>
          ) : (
            <List dense disablePadding>
              {overview.providers.map(p => (
                <ListItem key={`${p.provider}-${p.scope}`} disableGutters>
                  <ListItemText
                    primary={`${providerName(p.provider)} ${p.scope}`}
                    primaryTypographyProps={
                      p.status === 'error' ? { color: 'error' } : undefined
                    }
                    secondary={
                      <span title={formatExact(p.refreshedAt)}>
                        {p.status === 'error' ? `${p.error ?? 'error'}; ` : ''}
                        refreshed {formatRelative(p.refreshedAt, now)}
                      </span>
                    }
                  />
                </ListItem>
              ))}
            </List>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={5}>
        <InfoCard
          title="Findings by rule"
          subheader="Click one to list the services it affects"
        >
          {rules.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              No findings.
            </Typography>
          ) : (
            <Box display="flex" flexWrap="wrap" style={{ gap: 6 }}>
              {rules.map(([rule, count]) => (
                <Tooltip key={rule} title={RULE_DESCRIPTIONS[rule] ?? ''}>
                  <Chip
                    label={`${ruleLabel(rule)}: ${count}`}
                    color={selectedRule === rule ? 'primary' : 'default'}
                    onClick={() =>
                      onSelectRule(selectedRule === rule ? '' : rule)
                    }
                    aria-pressed={selectedRule === rule}
                  />
                </Tooltip>
              ))}
            </Box>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard
          title="Stores not ready"
          noPadding={overview.storesNotReady.length > 0}
        >
          {overview.storesNotReady.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              All SecretStores and ClusterSecretStores are ready.
            </Typography>
          ) : (
            <Table size="small" aria-label="Stores not ready">
              <TableHead>
                <TableRow>
                  <TableCell>Store</TableCell>
                  <TableCell>Cluster</TableCell>
                  <TableCell>Reason</TableCell>
                  <TableCell align="right">ExternalSecrets</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {overview.storesNotReady.map(store => (
                  <TableRow
                    key={`${store.cluster}/${store.kind}/${
                      store.namespace ?? ''
                    }/${store.name}`}
                  >
                    <TableCell>
                      {store.kind}/
                      {store.namespace ? `${store.namespace}/` : ''}
                      {store.name}
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
                        <Typography variant="caption" color="textSecondary">
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
