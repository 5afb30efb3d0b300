import { createApiRef } from '@backstage/core-plugin-api';
import {
  FindingsOverTimeResponse,
  HistoryQuery,
  HistoryResponse,
  OverviewQuery,
  OverviewResponse,
  ServiceReport,
  SyncRequest,
  SyncResponse,
  TimelineQuery,
  TimelineResponse,
} from '@eso-health/plugin-external-secrets-common';

/**
 * Client of the external-secrets backend plugin.
 *
 * @public
 */
export interface ExternalSecretsApi {
  getReport(entityRef: string): Promise<ServiceReport>;
  getOverview(query?: OverviewQuery): Promise<OverviewResponse>;
  /** Asks the backend to annotate the ExternalSecret so ESO syncs it now. */
  sync(request: SyncRequest): Promise<SyncResponse>;
  getHistory(query: HistoryQuery): Promise<HistoryResponse>;
  /** Events, syncs per bucket and health segments of one ExternalSecret (default 30 days). */
  getTimeline(
    target: Pick<TimelineQuery, 'cluster' | 'namespace' | 'name'>,
    options?: { days?: number },
  ): Promise<TimelineResponse>;
  /** Findings per hour by severity over the ExternalSecrets the caller may read. */
  getFindingsOverTime(options?: {
    days?: number;
  }): Promise<FindingsOverTimeResponse>;
}

/** @public */
export const externalSecretsApiRef = createApiRef<ExternalSecretsApi>({
  id: 'plugin.external-secrets.service',
});
