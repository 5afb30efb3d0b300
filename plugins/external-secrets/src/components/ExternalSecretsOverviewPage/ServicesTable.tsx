import { Table, TableColumn } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import {
  OverviewServiceRow,
  RuleId,
} from '@eso-health/plugin-external-secrets-common';
import { MutableRefObject, useMemo } from 'react';
import { PageQuery, PageResult } from '../../hooks/useOverview';
import { ruleLabel } from '../../lib/ruleLabels';
import { HealthChip } from '../HealthChip';

export const PAGE_SIZES = [20, 50, 100];

function OwnerCell(props: { owner?: string }) {
  const { owner } = props;
  if (!owner) return <Typography variant="body2">-</Typography>;
  try {
    // Validate first: EntityRefLink throws on a malformed ref, which would break the row.
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
    return <EntityRefLink entityRef={owner} defaultKind="group" />;
  } catch {
    return <Typography variant="body2">{owner}</Typography>;
  }
}

function FindingCounts(props: { findings: OverviewServiceRow['findings'] }) {
  const { error, warning, info } = props.findings;
  const parts = [
    error ? `${error} error${error === 1 ? '' : 's'}` : '',
    warning ? `${warning} warning${warning === 1 ? '' : 's'}` : '',
    info ? `${info} info` : '',
  ].filter(Boolean);
  return (
    <Typography variant="body2">
      {parts.length ? parts.join(', ') : 'None'}
    </Typography>
  );
}

export interface ServicesTableProps {
  fetchPage: (query: PageQuery) => Promise<PageResult>;
  // material-table's instance; the page calls onQueryChange on it when filters change.
  tableRef: MutableRefObject<any>;
  onSelectRule: (rule: RuleId) => void;
}

/** Services worst first, one page at a time from the backend. */
export function ServicesTable(props: ServicesTableProps) {
  const { fetchPage, tableRef, onSelectRule } = props;

  // Stable columns and options: material-table resets its state when they change.
  const columns = useMemo<TableColumn<OverviewServiceRow>[]>(
    () => [
      {
        title: 'Service',
        field: 'entityRef',
        render: row => (
          <EntityRefLink entityRef={row.entityRef} defaultKind="component">
            {row.title}
          </EntityRefLink>
        ),
      },
      {
        title: 'Owner',
        field: 'owner',
        render: row => <OwnerCell owner={row.owner} />,
      },
      {
        title: 'Health',
        field: 'health',
        render: row => <HealthChip health={row.health} />,
      },
      { title: 'ExternalSecrets', field: 'externalSecrets', type: 'numeric' },
      {
        title: 'Findings',
        field: 'findings',
        render: row => <FindingCounts findings={row.findings} />,
      },
      {
        title: 'Rules',
        field: 'rules',
        render: row => (
          <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
            {row.rules.map(rule => (
              <Chip
                key={rule}
                size="small"
                variant="outlined"
                label={ruleLabel(rule)}
                onClick={() => onSelectRule(rule)}
              />
            ))}
          </Box>
        ),
      },
      {
        title: 'Clusters',
        field: 'clusters',
        render: row => row.clusters.join(', '),
      },
    ],
    [onSelectRule],
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
