// Typed access to the two processes under the driver's control: the simulated server's control
// endpoint, and the backend's routes (ours, the Kubernetes plugin's, the bench plugin's).
import type {
  OverviewResponse,
  ServiceReport,
} from '@eso-health/plugin-external-secrets-common';
import { catalogEntity } from './config';
import type { ProfileSummary } from './cpuProfile';
import { Answer, HttpClient } from './http';

export interface CounterReport {
  byVerb: Record<string, number>;
  byResource: Record<string, number>;
  perCluster: Array<Record<string, number>>;
  unknownPaths: Record<string, number>;
}

export class SimControl {
  readonly http: HttpClient;

  constructor(readonly port: number) {
    this.http = new HttpClient(`http://127.0.0.1:${port}`, {
      maxSockets: 4,
      timeoutMs: 30_000,
    });
  }

  status() {
    return this.http.json('GET', '/control/status');
  }

  hold(hold: boolean) {
    return this.http.json('POST', '/control/hold', { hold });
  }

  latency(ms: number) {
    return this.http.json('POST', '/control/latency', { ms });
  }

  counters(): Promise<CounterReport> {
    return this.http.json('GET', '/control/counters');
  }

  resetCounters() {
    return this.http.json('POST', '/control/counters/reset');
  }

  /** Pushes a change; resolves with the epoch ms it was sent to the watches. */
  change(
    cluster: number,
    kind: string,
    index: number,
  ): Promise<{ ms: number; delivered: number }> {
    return this.http.json('POST', '/control/change', { cluster, kind, index });
  }
}

export interface BackendStats {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  gc: boolean;
  eventLoopDelay: {
    maxMs: number;
    p99Ms: number;
    meanMs: number;
    samples: number;
  };
  /** Stalls over 50 ms since the last reset, with the time each ended. */
  stalls: Array<{ at: string; ms: number }>;
  /** The longest garbage-collection pause since the last reset. */
  gcPause: { maxMs: number; kind: string };
  /** CPU time of the whole process so far (user + system). */
  cpuMs: number;
}

export class BackendClient {
  /** Sequential requests and the driver's polls. */
  readonly http: HttpClient;

  constructor(readonly baseUrl: string, readonly token: string) {
    this.http = new HttpClient(baseUrl, {
      token,
      maxSockets: 4,
      timeoutMs: 120_000,
    });
  }

  /** A client for load runs: its own pool, one socket per concurrent client. */
  loadClient(clients: number, timeoutMs = 60_000): HttpClient {
    return new HttpClient(this.baseUrl, {
      token: this.token,
      maxSockets: clients,
      timeoutMs,
    });
  }

  async ready(): Promise<boolean> {
    const answer = await this.http.request(
      'GET',
      '/.backstage/health/v1/readiness',
    );
    return answer.status === 200;
  }

  stats(gc = false): Promise<BackendStats> {
    return this.http.json('GET', `/api/bench/stats${gc ? '?gc=1' : ''}`);
  }

  startProfile() {
    return this.http.json('POST', '/api/bench/profile/start');
  }

  stopProfile(): Promise<ProfileSummary> {
    return this.http.json('POST', '/api/bench/profile/stop');
  }

  resetEventLoop() {
    return this.http.json('POST', '/api/bench/event-loop/reset');
  }

  report(service: string, client: HttpClient = this.http): Promise<Answer> {
    return client.request(
      'GET',
      `/api/external-secrets/v1/report?entityRef=${encodeURIComponent(
        `component:default/${service}`,
      )}`,
    );
  }

  async reportJson(service: string): Promise<ServiceReport> {
    const answer = await this.report(service);
    if (answer.status !== 200)
      throw new Error(
        `report ${service}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`,
      );
    return JSON.parse(answer.body);
  }

  /** The Kubernetes plugin's page load: POST /api/kubernetes/services/:id with the entity. */
  theirs(k: number, client: HttpClient = this.http): Promise<Answer> {
    return client.request('POST', `/api/kubernetes/services/svc-${k}`, {
      entity: catalogEntity(k),
      auth: {},
    });
  }

  /** An authenticated route that does nothing: the HTTP stack's own cost. */
  noop(client: HttpClient = this.http): Promise<Answer> {
    return client.request('GET', '/api/bench/noop');
  }

  overview(query: string, client: HttpClient = this.http): Promise<Answer> {
    return client.request('GET', `/api/external-secrets/v1/overview?${query}`);
  }

  async overviewJson(query = 'offset=0&limit=50'): Promise<OverviewResponse> {
    const answer = await this.overview(query);
    if (answer.status !== 200)
      throw new Error(
        `overview: HTTP ${answer.status} ${answer.body.slice(0, 200)}`,
      );
    return JSON.parse(answer.body);
  }
}
