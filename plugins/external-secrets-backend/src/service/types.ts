import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  HistoryQuery as CommonHistoryQuery,
  HistoryResponse,
  OverviewQuery as CommonOverviewQuery,
  OverviewResponse,
  ServiceReport,
  SyncRequest,
  SyncResponse,
  TimelineQuery as CommonTimelineQuery,
  TimelineResponse,
  FindingsOverTimeResponse,
} from '@eso-health/plugin-external-secrets-common';

/** Overview query after validation: paging always set. */
export type OverviewQuery = CommonOverviewQuery & {
  offset: number;
  limit: number;
};

/** History query after validation: limit always set. */
export type HistoryQuery = CommonHistoryQuery & { limit: number };

/** Timeline query after validation: days always set. */
export type TimelineQuery = CommonTimelineQuery & { days: number };

export interface RequestOptions {
  credentials: BackstageCredentials;
}

/** A request whose rows and aggregates cover only some entities (conditional decisions). */
export interface VisibilityOptions extends RequestOptions {
  /** The entities of these refs the caller may read; without it, all of them. */
  isVisible?: (entityRefs: string[]) => Promise<Set<string>>;
}

/** What the routes need; the Authorized decorator adds permission checks around it. */
export interface ExternalSecretsService {
  getReport(
    entityRef: string,
    options: RequestOptions & {
      /**
       * Every cluster's and provider source's state; by default only those the report's
       * ExternalSecrets use (they are in the cluster, their store reads the source).
       */
      allStates?: boolean;
    },
  ): Promise<ServiceReport>;
  getOverview(
    query: OverviewQuery,
    options: VisibilityOptions,
  ): Promise<OverviewResponse>;
  requestSync(
    request: SyncRequest,
    options: RequestOptions,
  ): Promise<SyncResponse>;
  getHistory(
    query: HistoryQuery,
    options: RequestOptions,
  ): Promise<HistoryResponse>;
  getTimeline(
    query: TimelineQuery,
    options: RequestOptions,
  ): Promise<TimelineResponse>;
  getFindingsOverTime(
    query: { days: number },
    options: VisibilityOptions,
  ): Promise<FindingsOverTimeResponse>;
}
