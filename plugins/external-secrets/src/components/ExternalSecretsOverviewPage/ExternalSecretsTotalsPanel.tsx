import { InfoCard } from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { HealthCounts } from '@eso-health/plugin-external-secrets-common';
import { HealthTotals } from './HealthTotals';

/** "ExternalSecrets": all of them by health, across how many clusters, and how many no entity claims. */
export function ExternalSecretsTotalsPanel(props: {
  counts: HealthCounts;
  clusterCount: number;
  unassigned: number;
}) {
  const { counts, clusterCount, unassigned } = props;
  return (
    <InfoCard title="ExternalSecrets" variant="gridItem">
      <HealthTotals
        counts={counts}
        noun={`across ${clusterCount} cluster${clusterCount === 1 ? '' : 's'}`}
        testId="totals-external-secrets"
      />
      <Tooltip title="ExternalSecrets that no catalog entity claims: label them or their workloads.">
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="totals-unassigned"
          style={{ marginTop: 8, display: 'inline-block' }}
        >
          {unassigned} unassigned
        </Typography>
      </Tooltip>
    </InfoCard>
  );
}
