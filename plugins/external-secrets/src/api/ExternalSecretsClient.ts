import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
import { DefaultApiClient, TypedResponse } from '../schema/openapi';
import { ExternalSecretsApi } from './ExternalSecretsApi';
import { ExternalSecretsBackendMissingError } from './ExternalSecretsBackendMissingError';

/**
 * Talks to the external-secrets backend through the app's discovery and fetch APIs. A thin
 * wrapper around the client generated from the backend's OpenAPI contract
 * (`plugins/external-secrets-backend/src/schema/openapi.yaml`): it drops unset filters and
 * turns error answers into errors. The shared types of the common package are checked against
 * the generated models here (both ways) by the type checker.
 *
 * @public
 */
export class ExternalSecretsClient implements ExternalSecretsApi {
  private readonly client: DefaultApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.client = new DefaultApiClient(options);
  }

  async getReport(entityRef: string): Promise<ServiceReport> {
    return read(this.client.getReport({ query: { entityRef } }));
  }

  async getOverview(query: OverviewQuery = {}): Promise<OverviewResponse> {
    return read(this.client.getOverview({ query: withoutEmpty(query) }));
  }

  async sync(request: SyncRequest): Promise<SyncResponse> {
    const { cluster, namespace, name } = request;
    return read(
      this.client.requestSync({ body: { cluster, namespace, name } }),
    );
  }

  async getHistory(query: HistoryQuery): Promise<HistoryResponse> {
    return read(this.client.getHistory({ query: withoutEmpty(query) }));
  }

  async getTimeline(
    target: Pick<TimelineQuery, 'cluster' | 'namespace' | 'name'>,
    options: { days?: number } = {},
  ): Promise<TimelineResponse> {
    const { cluster, namespace, name } = target;
    return read(
      this.client.getTimeline({
        query: withoutEmpty({ cluster, namespace, name, days: options.days }),
      }),
    );
  }

  async getFindingsOverTime(
    options: { days?: number } = {},
  ): Promise<FindingsOverTimeResponse> {
    return read(
      this.client.getFindingsOverTime({
        query: withoutEmpty({ days: options.days }),
      }),
    );
  }
}

async function read<T>(pending: Promise<TypedResponse<T>>): Promise<T> {
  const response = await pending;
  if (!response.ok) {
    if (
      response.status === 404 &&
      !(await hasBackstageErrorBody(response as Response))
    ) {
      throw new ExternalSecretsBackendMissingError();
    }
    throw await ResponseError.fromResponse(response as Response);
  }
  return await response.json();
}

/** Drops empty values so the backend sees only the filters that are set. */
export function withoutEmpty<T extends object>(params: T): T {
  return Object.fromEntries(
    Object.entries(params).filter(
      ([, value]) => value !== undefined && value !== null && value !== '',
    ),
  ) as T;
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
