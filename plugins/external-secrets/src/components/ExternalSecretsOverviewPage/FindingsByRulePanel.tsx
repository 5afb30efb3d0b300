import { InfoCard } from '@backstage/core-components';
import ButtonBase from '@material-ui/core/ButtonBase';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import {
  OverviewResponse,
  RuleId,
} from '@eso-health/plugin-external-secrets-common';
import { RULE_DESCRIPTIONS, ruleLabel } from '../../lib/ruleLabels';

const useStyles = makeStyles((theme: Theme) => ({
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
}));

/** The rules that found something, most findings first, then by label. */
function rulesWithFindings(
  findingsByRule: OverviewResponse['findingsByRule'] | undefined,
): [RuleId, number][] {
  return (Object.entries(findingsByRule ?? {}) as [RuleId, number][])
    .filter(([, count]) => count > 0)
    .sort(
      (a, b) => b[1] - a[1] || ruleLabel(a[0]).localeCompare(ruleLabel(b[0])),
    );
}

/** "Findings by rule": a toggle per rule with findings; the selected one filters the table. */
export function FindingsByRulePanel(props: {
  findingsByRule: OverviewResponse['findingsByRule'] | undefined;
  selectedRule: RuleId | '';
  onSelectRule: (rule: RuleId | '') => void;
}) {
  const { findingsByRule, selectedRule, onSelectRule } = props;
  const classes = useStyles();
  const rules = rulesWithFindings(findingsByRule);
  return (
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
  );
}
