import { Content, Header, Page, Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Health, RuleId } from '@eso-health/plugin-external-secrets-common';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { useOverview } from '../../hooks/useOverview';
import { formatExact, formatRelative } from '../../lib/time';
import { ExternalSecretsErrorPanel } from '../ExternalSecretsErrorPanel';
import {
  EMPTY_FILTERS,
  OverviewFilters,
  OverviewFilterValues,
  sameFilters,
} from './OverviewFilters';
import { FindingsOverTimePanel } from './FindingsOverTimePanel';
import { OverviewSummary } from './OverviewSummary';
import { ServicesTable } from './ServicesTable';

export const SEARCH_DEBOUNCE_MS = 300;

/** Only set filters go to the API. */
function toQuery(values: OverviewFilterValues) {
  return {
    cluster: values.cluster || undefined,
    namespace: values.namespace.trim() || undefined,
    health: values.health || undefined,
    rule: values.rule || undefined,
    owner: values.owner.trim() || undefined,
    q: values.q.trim() || undefined,
  };
}

/** Everything the overview shows apart from the page chrome; usable inside another page. */
export function ExternalSecretsOverviewContent() {
  const [draft, setDraft] = useState<OverviewFilterValues>(EMPTY_FILTERS);
  const [applied, setApplied] = useState<OverviewFilterValues>(EMPTY_FILTERS);
  // Typing is debounced; the page reloads once the user pauses.
  // Keeping the previous object when nothing changed avoids a refetch.
  useDebounce(
    () => setApplied(prev => (sameFilters(prev, draft) ? prev : draft)),
    SEARCH_DEBOUNCE_MS,
    [draft],
  );

  const query = useMemo(() => toQuery(applied), [applied]);
  const tableRef = useRef<any>();
  // Live updates: a change signal (or the poll without signals) reloads the page on screen.
  const refresh = useCallback(() => tableRef.current?.onQueryChange?.(), []);
  const { fetchPage, overview, error } = useOverview(query, { refresh });

  // material-table loads the first page itself; later filter changes restart at page 0.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    tableRef.current?.onQueryChange?.({ page: 0 });
  }, [fetchPage]);

  // Picks made by clicking (a rule, a health) apply at once, without the debounce.
  const applyNow = useCallback((patch: Partial<OverviewFilterValues>) => {
    setDraft(prev => ({ ...prev, ...patch }));
    setApplied(prev => ({ ...prev, ...patch }));
  }, []);
  const onSelectRule = useCallback(
    (rule: RuleId | '') => applyNow({ rule }),
    [applyNow],
  );
  const onSelectHealth = useCallback(
    (health: Health | '') => applyNow({ health }),
    [applyNow],
  );
  const onClearFilters = useCallback(() => {
    setDraft(EMPTY_FILTERS);
    setApplied(EMPTY_FILTERS);
  }, []);

  const now = new Date();
  return (
    <>
      {error && (
        <Box mb={2}>
          <ExternalSecretsErrorPanel error={error} />
        </Box>
      )}
      {overview ? (
        <Box mb={3}>
          <Box mb={1.5} display="flex" justifyContent="flex-end">
            <Typography
              variant="caption"
              color="textSecondary"
              title={formatExact(overview.generatedAt)}
            >
              Data generated {formatRelative(overview.generatedAt, now)}
            </Typography>
          </Box>
          <OverviewSummary
            overview={overview}
            now={now}
            selectedRule={applied.rule}
            onSelectRule={onSelectRule}
            selectedHealth={applied.health}
            onSelectHealth={onSelectHealth}
          />
        </Box>
      ) : (
        !error && <Progress />
      )}
      <Box mb={3}>
        <FindingsOverTimePanel />
      </Box>
      <Box mb={2}>
        <OverviewFilters
          values={draft}
          clusters={overview?.clusters.map(c => c.name) ?? []}
          onChange={setDraft}
          onClear={onClearFilters}
        />
      </Box>
      <ServicesTable
        fetchPage={fetchPage}
        tableRef={tableRef}
        selectedRule={applied.rule}
        onSelectRule={onSelectRule}
      />
    </>
  );
}

/** Platform page: health of every service's ExternalSecrets across all clusters. */
export function ExternalSecretsOverviewPage() {
  return (
    <Page themeId="tool">
      <Header
        title="External Secrets"
        subtitle="Sync state and drift of ExternalSecrets across every cluster"
      />
      <Content>
        <ExternalSecretsOverviewContent />
      </Content>
    </Page>
  );
}
