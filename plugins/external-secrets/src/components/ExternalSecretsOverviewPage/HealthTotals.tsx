import Box from '@material-ui/core/Box';
import { makeStyles, Theme } from '@material-ui/core/styles';
import {
  Health,
  HealthCounts,
  HEALTHS_WORST_FIRST,
} from '@eso-health/plugin-external-secrets-common';
import { HealthChip, healthLabel } from '../HealthChip';
import { SummaryFigure } from './SummaryFigure';

const useStyles = makeStyles((theme: Theme) => ({
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.75) },
}));

/** A total and a chip per health; with `onSelect` the chips filter by health. */
export function HealthTotals(props: {
  counts: HealthCounts;
  noun: string;
  testId: string;
  selected?: Health | '';
  onSelect?: (health: Health | '') => void;
}) {
  const { counts, noun, testId, selected, onSelect } = props;
  const classes = useStyles();
  const total = HEALTHS_WORST_FIRST.reduce(
    (sum, h) => sum + (counts?.[h] ?? 0),
    0,
  );
  return (
    <Box data-testid={testId}>
      <SummaryFigure value={total} caption={noun} />
      <div className={classes.chips}>
        {HEALTHS_WORST_FIRST.map(health => (
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
