import Grid from '@material-ui/core/Grid';
import {
  Health,
  OverviewResponse,
  RuleId,
} from '@eso-health/plugin-external-secrets-common';
import { ClustersPanel } from './ClustersPanel';
import { ExternalSecretsTotalsPanel } from './ExternalSecretsTotalsPanel';
import { FindingsByRulePanel } from './FindingsByRulePanel';
import { ProvidersPanel } from './ProvidersPanel';
import { ServicesTotalsPanel } from './ServicesTotalsPanel';
import { StoresNotReadyPanel } from './StoresNotReadyPanel';

export interface OverviewSummaryProps {
  overview: OverviewResponse;
  now: Date;
  selectedRule: RuleId | '';
  onSelectRule: (rule: RuleId | '') => void;
  selectedHealth?: Health | '';
  onSelectHealth: (health: Health | '') => void;
}

/** Totals, clusters, providers, findings by rule and failing stores, above the services table. */
export function OverviewSummary(props: OverviewSummaryProps) {
  const {
    overview,
    now,
    selectedRule,
    onSelectRule,
    selectedHealth,
    onSelectHealth,
  } = props;
  const clusters = overview.clusters ?? [];
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12} sm={6} lg={3}>
        <ServicesTotalsPanel
          counts={overview.totals.services}
          selectedHealth={selectedHealth}
          onSelectHealth={onSelectHealth}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <ExternalSecretsTotalsPanel
          counts={overview.totals.externalSecrets}
          clusterCount={clusters.length}
          unassigned={overview.totals.unassigned}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <ClustersPanel clusters={clusters} now={now} />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <ProvidersPanel providers={overview.providers ?? []} now={now} />
      </Grid>
      <Grid item xs={12} md={6}>
        <FindingsByRulePanel
          findingsByRule={overview.findingsByRule}
          selectedRule={selectedRule}
          onSelectRule={onSelectRule}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <StoresNotReadyPanel stores={overview.storesNotReady ?? []} />
      </Grid>
    </Grid>
  );
}
