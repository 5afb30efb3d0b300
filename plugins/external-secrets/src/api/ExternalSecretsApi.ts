import { createApiRef } from '@backstage/core-plugin-api';
import {
  HistoryQuery,
  HistoryResponse,
  OverviewQuery,
  OverviewResponse,
  ServiceReport,
  SyncRequest,
  SyncResponse,
} from '@eso-health/plugin-external-secrets-common';

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
