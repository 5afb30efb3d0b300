import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  HistoryQuery,
  HistoryResponse,
  OverviewQuery,
  OverviewResponse,
  ServiceReport,
  SyncRequest,
  SyncResponse,
} from '@eso-health/plugin-external-secrets-common';
import { ExternalSecretsApi } from './ExternalSecretsApi';
import { ExternalSecretsBackendMissingError } from './ExternalSecretsBackendMissingError';

const PLUGIN_ID = 'external-secrets';

/** Talks to the external-secrets backend through the app's discovery and fetch APIs. */
export class ExternalSecretsClient implements ExternalSecretsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getReport(entityRef: string): Promise<ServiceReport> {
    return this.request(`/v1/report${toQueryString({ entityRef })}`);
  }

  async getOverview(query: OverviewQuery = {}): Promise<OverviewResponse> {
    return this.request(`/v1/overview${toQueryString({ ...query })}`);
  }

  async sync(request: SyncRequest): Promise<SyncResponse> {
    return this.request('/v1/sync', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        cluster: request.cluster,
        namespace: request.namespace,
        name: request.name,
      }),
    });
  }

  async getHistory(query: HistoryQuery): Promise<HistoryResponse> {
    return this.request(`/v1/history${toQueryString({ ...query })}`);
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      if (response.status === 404 && !(await hasBackstageErrorBody(response))) {
        throw new ExternalSecretsBackendMissingError();
      }
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

/** Drops empty values so the backend sees only the filters that are set. */
export function toQueryString(
  params: Record<string, string | number | undefined | null>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const qs = search.toString();
  return qs ? `?${qs}` : '';
}

/**
 * Every route of the backend answers errors as `{ error, response }` JSON (an unknown
 * entity included); anything else on a 404 comes from the app backend's fallback.
 */
async function hasBackstageErrorBody(response: Response): Promise<boolean> {
  try {
    const body = await response.clone().json();
    return Boolean(
      body && typeof body === 'object' && body.error && body.response,
    );
  } catch {
    return false;
  }
}
