import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Health,
  HistoryResponse,
  OverviewResponse,
  RuleId,
  ServiceReport,
  SyncRequest,
  SyncResponse,
} from '@eso-health/plugin-external-secrets-common';

export interface OverviewQuery {
  cluster?: string;
  namespace?: string;
  health?: Health;
  rule?: RuleId;
  owner?: string;
  /** Case-insensitive search in entity refs and titles. */
  q?: string;
  offset: number;
  limit: number;
}

export interface HistoryQuery {
  cluster: string;
  namespace: string;
  name: string;
  limit: number;
}

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
