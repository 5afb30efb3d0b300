// A small HTTP client over keep-alive agents (no fetch: its pool and parsing would be part of the
// measured time), timed requests, and a closed-loop load generator: N clients, each sending its
// next request when the previous one answered, for a fixed time.
import http from 'node:http';

export interface Answer {
  status: number;
  /** Round trip in ms, from sending to the last body byte. */
  ms: number;
  body: string;
}

export class HttpClient {
  readonly agent: http.Agent;

  constructor(
    readonly baseUrl: string,
    private readonly options: {
      token?: string;
      maxSockets?: number;
      timeoutMs?: number;
    } = {},
  ) {
    this.agent = new http.Agent({
      keepAlive: true,
      maxSockets: options.maxSockets ?? 8,
      maxFreeSockets: options.maxSockets ?? 8,
    });
  }

  request(method: string, path: string, body?: unknown): Promise<Answer> {
    const url = new URL(path, this.baseUrl);
    const payload =
      body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = {
      Accept: 'application/json',
    };
    if (this.options.token)
      headers.Authorization = `Bearer ${this.options.token}`;
    if (payload) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = payload.length;
    }
    const timeoutMs = this.options.timeoutMs ?? 60_000;
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = http.request(
        url,
        { method, headers, agent: this.agent, timeout: timeoutMs },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              ms: performance.now() - started,
              body: Buffer.concat(chunks).toString(),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(
          new Error(`timeout after ${timeoutMs} ms: ${method} ${path}`),
        ),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Requests and parses JSON; throws on a non-2xx answer. */
  async json<T = any>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const answer = await this.request(method, path, body);
    if (answer.status < 200 || answer.status > 299)
      throw new Error(
        `${method} ${path}: HTTP ${answer.status} ${answer.body.slice(0, 300)}`,
      );
    return JSON.parse(answer.body) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface LoadResult {
  clients: number;
  seconds: number;
  completed: number;
  errors: number;
  /** The first few distinct error messages. */
  errorSamples: string[];
  /** Latency of every answered request (ms), errors included. */
  latencies: number[];
  throughput: number;
}

/** Counts the requests that failed (an error, or an answer other than 2xx), with a few samples. */
export class ErrorTally {
  count = 0;
  private readonly kept = new Set<string>();

  constructor(private readonly keep: number) {}

  /** Counts the answer when it is not a 2xx. */
  answer(answer: Answer): void {
    if (answer.status < 200 || answer.status > 299)
      this.add(`HTTP ${answer.status} ${answer.body}`);
  }

  error(error: unknown): void {
    this.add(String((error as Error)?.message ?? error));
  }

  samples(): string[] {
    return [...this.kept];
  }

  private add(text: string): void {
    this.count++;
    if (this.kept.size < this.keep) this.kept.add(text.slice(0, 160));
  }
}

/**
 * `clients` concurrent loops, each sending `send(i)` (i counts its requests) until `seconds`
 * passed; a request still running then is awaited (bounded by the client's timeout).
 */
export async function runLoad(options: {
  clients: number;
  seconds: number;
  send: (client: number, i: number) => Promise<Answer>;
}): Promise<LoadResult> {
  const { clients, seconds, send } = options;
  const latencies: number[] = [];
  const errors = new ErrorTally(5);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const sent = performance.now();
        try {
          const answer = await send(client, i);
          latencies.push(answer.ms);
          errors.answer(answer);
        } catch (error) {
          latencies.push(performance.now() - sent);
          errors.error(error);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    clients,
    seconds: elapsed,
    completed: latencies.length,
    errors: errors.count,
    errorSamples: errors.samples(),
    latencies,
    throughput: (latencies.length - errors.count) / elapsed,
  };
}
