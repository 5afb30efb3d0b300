import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  HistoryQuery as CommonHistoryQuery,
  HistoryResponse,
  OverviewQuery as CommonOverviewQuery,
  OverviewResponse,
  ServiceReport,
  SyncRequest,
  SyncResponse,
} from '@eso-health/plugin-external-secrets-common';

/** Overview query after validation: paging always set. */
export type OverviewQuery = CommonOverviewQuery & {
  offset: number;
  limit: number;
};

/** History query after validation: limit always set. */
export type HistoryQuery = CommonHistoryQuery & { limit: number };

export interface RequestOptions {
  credentials: BackstageCredentials;
}

/** What the routes need; the Authorized decorator adds permission checks around it. */
export interface ExternalSecretsService {
  getReport(entityRef: string, options: RequestOptions): Promise<ServiceReport>;
  getOverview(
    query: OverviewQuery,
    options: RequestOptions & {
      /** Rows are limited to entities this returns true for (conditional permission decisions). */
      isVisible?: (entityRefs: string[]) => Promise<Set<string>>;
    },
  ): Promise<OverviewResponse>;
  requestSync(
    request: SyncRequest,
    options: RequestOptions,
  ): Promise<SyncResponse>;
  getHistory(
    query: HistoryQuery,
    options: RequestOptions,
  ): Promise<HistoryResponse>;
  /** Entity refs of the catalog services that claim an ExternalSecret (for permission checks). */
  claimingEntities(
    cluster: string,
    namespace: string,
    name: string,
  ): Promise<string[]>;
}
