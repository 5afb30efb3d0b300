import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { makeStyles, Theme } from '@material-ui/core/styles';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import SearchIcon from '@material-ui/icons/Search';
import {
  Health,
  RULE_IDS,
  RuleId,
} from '@eso-health/plugin-external-secrets-common';
import { ChangeEvent } from 'react';
import { RULE_LABELS } from '../../lib/ruleLabels';
import { healthLabel } from '../HealthChip';

/** What the user picked; text fields are debounced by the page before they reach the API. */
export interface OverviewFilterValues {
  cluster: string;
  namespace: string;
  health: Health | '';
  rule: RuleId | '';
  owner: string;
  q: string;
}

export const EMPTY_FILTERS: OverviewFilterValues = {
  cluster: '',
  namespace: '',
  health: '',
  rule: '',
  owner: '',
  q: '',
};

const HEALTHS: Health[] = ['error', 'warning', 'unknown', 'healthy'];

const useStyles = makeStyles((theme: Theme) => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1.5),
  },
  search: { flex: '3 1 260px' },
  field: { flex: '1 1 150px' },
  narrow: { flex: '1 1 120px' },
  clear: { flex: '0 0 auto', whiteSpace: 'nowrap' },
}));

export function hasFilters(values: OverviewFilterValues): boolean {
  return (Object.keys(values) as (keyof OverviewFilterValues)[]).some(
    key => values[key] !== '',
  );
}

export function OverviewFilters(props: {
  values: OverviewFilterValues;
  clusters: string[];
  onChange: (values: OverviewFilterValues) => void;
  onClear?: () => void;
}) {
  const { values, clusters, onChange, onClear } = props;
  const classes = useStyles();
  const set =
    (key: keyof OverviewFilterValues) =>
    (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      onChange({ ...values, [key]: event.target.value });
  // The selected cluster stays selectable even if the latest response no longer lists it.
  const clusterOptions = Array.from(
    new Set([...clusters, values.cluster].filter(Boolean)),
  ).sort();

  return (
    <Box className={classes.root} role="search" aria-label="Filter services">
      <TextField
        className={classes.search}
        fullWidth
        variant="outlined"
        size="small"
        label="Search services"
        placeholder="Entity ref or title"
        value={values.q}
        onChange={set('q')}
        InputProps={{
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon fontSize="small" />
            </InputAdornment>
          ),
        }}
        inputProps={{ 'aria-label': 'Search services' }}
      />
      <TextField
        className={classes.field}
        select
        fullWidth
        variant="outlined"
        size="small"
        label="Cluster"
        value={values.cluster}
        onChange={set('cluster')}
        SelectProps={{ native: true }}
        inputProps={{ 'aria-label': 'Cluster' }}
        InputLabelProps={{ shrink: true }}
      >
        <option value="">All clusters</option>
        {clusterOptions.map(name => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </TextField>
      <TextField
        className={classes.field}
        fullWidth
        variant="outlined"
        size="small"
        label="Namespace"
        value={values.namespace}
        onChange={set('namespace')}
        inputProps={{ 'aria-label': 'Namespace' }}
      />
      <TextField
        className={classes.narrow}
        select
        fullWidth
        variant="outlined"
        size="small"
        label="Health"
        value={values.health}
        onChange={set('health')}
        SelectProps={{ native: true }}
        inputProps={{ 'aria-label': 'Health' }}
        InputLabelProps={{ shrink: true }}
      >
        <option value="">Any</option>
        {HEALTHS.map(health => (
          <option key={health} value={health}>
            {healthLabel(health)}
          </option>
        ))}
      </TextField>
      <TextField
        className={classes.field}
        select
        fullWidth
        variant="outlined"
        size="small"
        label="Finding"
        value={values.rule}
        onChange={set('rule')}
        SelectProps={{ native: true }}
        inputProps={{ 'aria-label': 'Finding' }}
        InputLabelProps={{ shrink: true }}
      >
        <option value="">Any finding</option>
        {RULE_IDS.map(rule => (
          <option key={rule} value={rule}>
            {RULE_LABELS[rule]}
          </option>
        ))}
      </TextField>
      <TextField
        className={classes.field}
        fullWidth
        variant="outlined"
        size="small"
        label="Owner"
        value={values.owner}
        onChange={set('owner')}
        inputProps={{ 'aria-label': 'Owner' }}
      />
      {onClear && (
        <Button
          className={classes.clear}
          size="small"
          onClick={onClear}
          disabled={!hasFilters(values)}
        >
          Clear filters
        </Button>
      )}
    </Box>
  );
}
