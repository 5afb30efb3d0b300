import { STATUS_CODES } from 'node:http';
import {
  ApiException,
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  KubeConfig,
  RequestContext,
} from '@kubernetes/client-node';

export interface KubeRequestOptions {
  path: string;
  query?: Record<string, string | number | undefined>;
  /** `Accept` header; `application/json` unless given. */
  accept?: string;
  signal?: AbortSignal;
}

const http = new IsomorphicFetchHttpLibrary();

/**
 * GETs a path of the API server through the HTTP stack of `@kubernetes/client-node` (its
 * authentication, TLS agent and proxy settings) and returns the parsed JSON body, untouched
 * (the typed API classes would turn timestamps into `Date`s, unlike watch events). Throws the
 * library's `ApiException` (with `code` = HTTP status and the `Status` body) for a non-2xx answer,
 * and node-fetch's `FetchError`/`AbortError` when there is no answer.
 */
export async function kubeRequest(
  kc: KubeConfig,
  options: KubeRequestOptions,
): Promise<any> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new Error('No cluster in the Kubernetes configuration');
  }
  const url = new URL(cluster.server + options.path);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== '')
      url.searchParams.set(key, String(value));
  }
  const context = new RequestContext(url.toString(), HttpMethod.GET);
  context.setHeaderParam('Accept', options.accept ?? 'application/json');
  if (options.signal) context.setSignal(options.signal);
  await kc.applySecurityAuthentication(context);

  const response = await http.send(context).toPromise();
  const text = await response.body.text();
  const status = response.httpStatusCode;
  if (status < 200 || status > 299) {
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    throw new ApiException(
      status,
      STATUS_CODES[status] ?? `HTTP ${status}`,
      body,
      response.headers,
    );
  }
  return JSON.parse(text);
}
