import Grid from '@material-ui/core/Grid';
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

export function OverviewFilters(props: {
  values: OverviewFilterValues;
  clusters: string[];
  onChange: (values: OverviewFilterValues) => void;
}) {
  const { values, clusters, onChange } = props;
  const set =
    (key: keyof OverviewFilterValues) =>
    (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      onChange({ ...values, [key]: event.target.value });
  // The selected cluster stays selectable even if the latest response no longer lists it.
  const clusterOptions = Array.from(
    new Set([...clusters, values.cluster].filter(Boolean)),
  ).sort();

  return (
    <Grid container spacing={2} alignItems="center">
      <Grid item xs={12} md={4}>
        <TextField
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
      </Grid>
      <Grid item xs={6} md={2}>
        <TextField
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
      </Grid>
      <Grid item xs={6} md={2}>
        <TextField
          fullWidth
          variant="outlined"
          size="small"
          label="Namespace"
          value={values.namespace}
          onChange={set('namespace')}
          inputProps={{ 'aria-label': 'Namespace' }}
        />
      </Grid>
      <Grid item xs={6} md={1}>
        <TextField
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
      </Grid>
      <Grid item xs={6} md={2}>
        <TextField
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
      </Grid>
      <Grid item xs={6} md={1}>
        <TextField
          fullWidth
          variant="outlined"
          size="small"
          label="Owner"
          value={values.owner}
          onChange={set('owner')}
          inputProps={{ 'aria-label': 'Owner' }}
        />
      </Grid>
    </Grid>
  );
}
