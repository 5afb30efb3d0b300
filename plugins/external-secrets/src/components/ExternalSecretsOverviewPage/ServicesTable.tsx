import { Table, TableColumn } from '@backstage/core-components';
import { SafeEntityRefLink } from '../SafeEntityRefLink';
import { SafeBoundary } from '../SafeBoundary';
import { SeverityIcon } from '../FindingChip';
import Chip from '@material-ui/core/Chip';
import Box from '@material-ui/core/Box';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import {
  OverviewServiceRow,
  RuleId,
  Severity,
} from '@eso-health/plugin-external-secrets-common';
import { MutableRefObject, ReactNode, useMemo, useRef } from 'react';
import { PageQuery, PageResult } from '../../hooks/useOverview';
import { RULE_DESCRIPTIONS, ruleLabel } from '../../lib/ruleLabels';
import { WRAP_BETWEEN_WORDS } from '../../lib/styles';
import { HealthChip } from '../HealthChip';

export const PAGE_SIZES = [20, 50, 100];

const useStyles = makeStyles((theme: Theme) => ({
  counts: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: theme.spacing(1.5),
    whiteSpace: 'nowrap',
  },
  count: { display: 'inline-flex', alignItems: 'center', gap: 4 },
  error: { color: theme.palette.error.main },
  warning: { color: theme.palette.warning.dark },
  info: { color: theme.palette.info.main },
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
  nowrap: { whiteSpace: 'nowrap' },
  where: {
    display: 'block',
    marginTop: 2,
    color: theme.palette.text.secondary,
  },
  muted: { color: theme.palette.text.secondary },
}));

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const SEVERITY_NOUNS: Record<Severity, [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  info: ['info', 'info'],
};

function FindingCounts(props: { findings?: OverviewServiceRow['findings'] }) {
  const classes = useStyles();
  const findings = props.findings ?? { error: 0, warning: 0, info: 0 };
  const present = SEVERITIES.filter(severity => findings[severity] > 0);
  if (present.length === 0) {
    return (
      <Typography variant="body2" className={classes.muted}>
        None
      </Typography>
    );
  }
  return (
    <Typography variant="body2" component="div" className={classes.counts}>
      {present.map(severity => {
        const n = findings[severity];
        return (
          <span
            key={severity}
            className={`${classes.count} ${classes[severity]}`}
          >
            <SeverityIcon severity={severity} />
            {n} {SEVERITY_NOUNS[severity][n === 1 ? 0 : 1]}
          </span>
        );
      })}
    </Typography>
  );
}

/** A column whose content wraps between words only, never inside one. */
function column(
  def: TableColumn<OverviewServiceRow>,
): TableColumn<OverviewServiceRow> {
  return {
    ...def,
    cellStyle: WRAP_BETWEEN_WORDS,
    headerStyle: { whiteSpace: 'nowrap' },
  };
}

/** A cell that shows a dash instead of crashing the table when a row is malformed. */
function safe(render: (row: OverviewServiceRow) => ReactNode) {
  return (row: OverviewServiceRow) => (
    <SafeBoundary fallback={<Typography variant="body2">–</Typography>}>
      {render(row)}
    </SafeBoundary>
  );
}

export interface ServicesTableProps {
  fetchPage: (query: PageQuery) => Promise<PageResult>;
  // material-table's instance; the page calls onQueryChange on it when filters change.
  tableRef: MutableRefObject<any>;
  selectedRule?: RuleId | '';
  onSelectRule: (rule: RuleId | '') => void;
}

/** Services worst first, one page at a time from the backend. */
export function ServicesTable(props: ServicesTableProps) {
  const { fetchPage, tableRef, selectedRule, onSelectRule } = props;
  const classes = useStyles();
  // Read through a ref so picking a rule does not rebuild the columns; the rows
  // re-render with the new highlight when the filtered page arrives.
  const selectedRuleRef = useRef(selectedRule);
  selectedRuleRef.current = selectedRule;

  // Stable columns and options: material-table resets its state when they change.
  const columns = useMemo<TableColumn<OverviewServiceRow>[]>(
    () => [
      column({
        title: 'Service',
        field: 'entityRef',
        width: '17%',
        render: safe(row => (
          <>
            <SafeEntityRefLink
              entityRef={row.entityRef}
              defaultKind="component"
            >
              {row.title}
            </SafeEntityRefLink>
            <Typography
              variant="caption"
              component="span"
              className={classes.where}
            >
              {(row.clusters ?? []).join(', ')}
              {row.namespaces?.length ? ` · ${row.namespaces.join(', ')}` : ''}
            </Typography>
          </>
        )),
      }),
      column({
        title: 'Owner',
        field: 'owner',
        width: '14%',
        render: safe(row => (
          <SafeEntityRefLink entityRef={row.owner} defaultKind="group" />
        )),
      }),
      column({
        title: 'Health',
        field: 'health',
        width: '100px',
        render: safe(row => <HealthChip health={row.health} />),
      }),
      column({
        title: 'ExternalSecrets',
        field: 'externalSecrets',
        type: 'numeric',
        width: '150px',
      }),
      column({
        title: 'Findings',
        field: 'findings',
        width: '130px',
        render: safe(row => <FindingCounts findings={row.findings} />),
      }),
      column({
        title: 'Rules',
        field: 'rules',
        width: '36%',
        render: safe(row => (
          <div className={classes.chips}>
            {(row.rules ?? []).map(rule => {
              const selected = selectedRuleRef.current === rule;
              return (
                <Tooltip key={rule} title={RULE_DESCRIPTIONS[rule] ?? ''}>
                  <Chip
                    size="small"
                    variant={selected ? 'default' : 'outlined'}
                    color={selected ? 'primary' : 'default'}
                    label={ruleLabel(rule)}
                    onClick={() => onSelectRule(selected ? '' : rule)}
                  />
                </Tooltip>
              );
            })}
          </div>
        )),
      }),
    ],
    [classes, onSelectRule],
  );
  const options = useMemo(
    () => ({
      paging: true,
      pageSize: PAGE_SIZES[0],
      pageSizeOptions: PAGE_SIZES,
      search: false,
      sorting: false,
      padding: 'dense' as const,
      emptyRowsWhenPaging: false,
    }),
    [],
  );

  return (
    <Table<OverviewServiceRow>
      title="Services, worst first"
      tableRef={tableRef}
      columns={columns}
      options={options}
      data={fetchPage}
      emptyContent={
        <Box p={2}>
          <Typography variant="body2">
            No services match these filters.
          </Typography>
        </Box>
      }
    />
  );
}
