import { InfoCard } from '@backstage/core-components';
import {
  Health,
  HealthCounts,
} from '@eso-health/plugin-external-secrets-common';
import { HealthTotals } from './HealthTotals';

/** "Services": how many services have ExternalSecrets, by health; a chip filters the table. */
export function ServicesTotalsPanel(props: {
  counts: HealthCounts;
  selectedHealth?: Health | '';
  onSelectHealth: (health: Health | '') => void;
}) {
  const { counts, selectedHealth, onSelectHealth } = props;
  return (
    <InfoCard title="Services" variant="gridItem">
      <HealthTotals
        counts={counts}
        noun="services with ExternalSecrets"
        testId="totals-services"
        selected={selectedHealth}
        onSelect={onSelectHealth}
      />
    </InfoCard>
  );
}
