import { createApiRef } from '@backstage/core-plugin-api';
import {
  Health,
  HistoryResponse,
  OverviewResponse,
  RuleId,
  ServiceReport,
  SyncRequest,
  SyncResponse,
} from '@eso-health/plugin-external-secrets-common';

/** Filters and paging of the overview page (`GET /v1/overview`). */
export interface OverviewQuery {
  cluster?: string;
  namespace?: string;
  health?: Health;
  rule?: RuleId;
  owner?: string;
  /** Free text matched against entity refs and titles. */
  q?: string;
  offset?: number;
  limit?: number;
}

/** Which ExternalSecret's history to read (`GET /v1/history`). */
export interface HistoryQuery {
  cluster: string;
  namespace: string;
  name: string;
  limit?: number;
}

/** Client of the external-secrets backend plugin. */
export interface ExternalSecretsApi {
  getReport(entityRef: string): Promise<ServiceReport>;
  getOverview(query?: OverviewQuery): Promise<OverviewResponse>;
  /** Asks the backend to annotate the ExternalSecret so ESO syncs it now. */
  sync(request: SyncRequest): Promise<SyncResponse>;
  getHistory(query: HistoryQuery): Promise<HistoryResponse>;
}

export const externalSecretsApiRef = createApiRef<ExternalSecretsApi>({
  id: 'plugin.external-secrets.service',
});
