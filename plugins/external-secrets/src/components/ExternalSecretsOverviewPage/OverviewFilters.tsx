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
  HEALTHS_WORST_FIRST,
} from '@eso-health/plugin-external-secrets-common';
import { ChangeEvent, ReactNode } from 'react';
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

/** True when both hold the same values, e.g. `sameFilters(values, EMPTY_FILTERS)`. */
export function sameFilters(
  a: OverviewFilterValues,
  b: OverviewFilterValues,
): boolean {
  return (Object.keys(a) as (keyof OverviewFilterValues)[]).every(
    key => a[key] === b[key],
  );
}

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

type InputChange = (
  event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>,
) => void;

/** What a filter field is bound to: its value and how it changes. */
interface FilterBinding {
  value: string;
  onChange: InputChange;
}

/** A free-text filter; its label is also its accessible name. */
function TextFilter(
  props: FilterBinding & {
    label: string;
    className?: string;
    placeholder?: string;
    startAdornment?: ReactNode;
  },
) {
  const { className, label, value, onChange, placeholder, startAdornment } =
    props;
  const classes = useStyles();
  return (
    <TextField
      className={className ?? classes.field}
      fullWidth
      variant="outlined"
      size="small"
      label={label}
      placeholder={placeholder}
      value={value}
      onChange={onChange}
      InputProps={startAdornment ? { startAdornment } : undefined}
      inputProps={{ 'aria-label': label }}
    />
  );
}

/** A native select with an "any" first option; `options` are [value, label] pairs. */
function SelectFilter(
  props: FilterBinding & {
    label: string;
    anyLabel: string;
    options: Array<[string, string]>;
    narrow?: boolean;
  },
) {
  const { label, value, onChange, anyLabel, options, narrow } = props;
  const classes = useStyles();
  return (
    <TextField
      className={narrow ? classes.narrow : classes.field}
      select
      fullWidth
      variant="outlined"
      size="small"
      label={label}
      value={value}
      onChange={onChange}
      SelectProps={{ native: true }}
      inputProps={{ 'aria-label': label }}
      InputLabelProps={{ shrink: true }}
    >
      <option value="">{anyLabel}</option>
      {options.map(([optionValue, optionLabel]) => (
        <option key={optionValue} value={optionValue}>
          {optionLabel}
        </option>
      ))}
    </TextField>
  );
}

export function OverviewFilters(props: {
  values: OverviewFilterValues;
  clusters: string[];
  onChange: (values: OverviewFilterValues) => void;
  onClear: () => void;
}) {
  const { values, clusters, onChange, onClear } = props;
  const classes = useStyles();
  const bind = (key: keyof OverviewFilterValues): FilterBinding => ({
    value: values[key],
    onChange: event => onChange({ ...values, [key]: event.target.value }),
  });
  // The selected cluster stays selectable even if the latest response no longer lists it.
  const clusterOptions = Array.from(
    new Set([...clusters, values.cluster].filter(Boolean)),
  ).sort();

  return (
    <Box className={classes.root} role="search" aria-label="Filter services">
      <TextFilter
        className={classes.search}
        label="Search services"
        placeholder="Entity ref or title"
        {...bind('q')}
        startAdornment={
          <InputAdornment position="start">
            <SearchIcon fontSize="small" />
          </InputAdornment>
        }
      />
      <SelectFilter
        label="Cluster"
        {...bind('cluster')}
        anyLabel="All clusters"
        options={clusterOptions.map(name => [name, name])}
      />
      <TextFilter label="Namespace" {...bind('namespace')} />
      <SelectFilter
        narrow
        label="Health"
        {...bind('health')}
        anyLabel="Any"
        options={HEALTHS_WORST_FIRST.map(health => [
          health,
          healthLabel(health),
        ])}
      />
      <SelectFilter
        label="Finding"
        {...bind('rule')}
        anyLabel="Any finding"
        options={RULE_IDS.map(rule => [rule, RULE_LABELS[rule]])}
      />
      <TextFilter label="Owner" {...bind('owner')} />
      <Button
        className={classes.clear}
        size="small"
        onClick={onClear}
        disabled={sameFilters(values, EMPTY_FILTERS)}
      >
        Clear filters
      </Button>
    </Box>
  );
}
