import { useApi } from '@backstage/core-plugin-api';
import {
  OverviewQuery,
  OverviewResponse,
  OverviewServiceRow,
} from '@eso-health/plugin-external-secrets-common';
import { useCallback, useState } from 'react';
import { externalSecretsApiRef } from '../api';
import { useChangeSignal } from './useChangeSignal';

/** The part of material-table's remote query this page uses. */
export interface PageQuery {
  page: number;
  pageSize: number;
}

export interface PageResult {
  data: OverviewServiceRow[];
  page: number;
  totalCount: number;
}

/**
 * Server-side paging for the overview: the table asks for a page, the backend answers
 * with that page of services plus the totals, which the summary shows. One request per
 * page keeps the page fast with tens of thousands of ExternalSecrets.
 *
 * `refresh` reloads the page on screen (the table keeps its page): it is called when the backend
 * signals a change, or every 30 s when signals are not installed.
 */
export function useOverview(
  filters: Omit<OverviewQuery, 'offset' | 'limit'>,
  options: { refresh?: () => void; pollIntervalMs?: number } = {},
) {
  const api = useApi(externalSecretsApiRef);
  const [overview, setOverview] = useState<OverviewResponse | undefined>();
  const [error, setError] = useState<Error | undefined>();

  const fetchPage = useCallback(
    async (query: PageQuery): Promise<PageResult> => {
      try {
        const response = await api.getOverview({
          ...filters,
          offset: query.page * query.pageSize,
          limit: query.pageSize,
        });
        setOverview(response);
        setError(undefined);
        const { items, total, offset } = response.services;
        return {
          data: items,
          // Trust the server's offset: it may clamp a page past the end after a filter change.
          page: query.pageSize > 0 ? Math.floor(offset / query.pageSize) : 0,
          totalCount: total,
        };
      } catch (e) {
        setError(e as Error);
        throw e;
      }
    },
    [api, filters],
  );

  const { live } = useChangeSignal(() => options.refresh?.(), {
    enabled: !!options.refresh,
    pollIntervalMs: options.pollIntervalMs,
  });

  return { fetchPage, overview, error, live };
}
