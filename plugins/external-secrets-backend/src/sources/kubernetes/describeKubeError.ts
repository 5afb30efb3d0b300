import { STATUS_CODES } from 'node:http';

/** What went wrong talking to a cluster, in terms a message can be built from. */
export interface KubeErrorInfo {
  /**
   * - `unreachable`: no HTTP answer (refused, DNS, timeout, reset);
   * - `tls`: the server certificate was not trusted;
   * - `credentials`: the credentials could not be had (STS, a token endpoint, a token file);
   * - `unauthorized` / `forbidden` / `not-found` / `gone`: HTTP 401 / 403 / 404 / 410;
   * - `http`: any other HTTP status;
   * - `other`: anything else (a bug, a bad configuration).
   */
  type:
    | 'unreachable'
    | 'tls'
    | 'credentials'
    | 'unauthorized'
    | 'forbidden'
    | 'not-found'
    | 'gone'
    | 'http'
    | 'other';
  /** HTTP status, when there was an answer. */
  status?: number;
  /** System or TLS error code, e.g. `ECONNREFUSED`, `SELF_SIGNED_CERT_IN_CHAIN`. */
  code?: string;
  /** Short text: the Kubernetes `Status.message`, the HTTP reason or the error message. */
  detail: string;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

const TLS_CODE =
  /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL|EPROTO/;

function statusOf(error: Record<string, any>): number | undefined {
  for (const value of [error.statusCode, error.code, error.status]) {
    if (typeof value === 'number' && value >= 100 && value < 600) return value;
  }
  return undefined;
}

function codeOf(error: Record<string, any>): string | undefined {
  for (const candidate of [error, error.cause, error.cause?.cause]) {
    if (candidate && typeof candidate.code === 'string') return candidate.code;
    if (candidate && typeof candidate.errno === 'string')
      return candidate.errno;
  }
  return undefined;
}

function statusMessage(body: unknown): string | undefined {
  if (typeof body === 'string') {
    try {
      return statusMessage(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  if (
    body &&
    typeof body === 'object' &&
    typeof (body as any).message === 'string'
  ) {
    return (body as any).message;
  }
  return undefined;
}

/**
 * Classifies an error thrown by a request to the API server: an `ApiException` of
 * `@kubernetes/client-node` (`code` = HTTP status, `body` = Kubernetes `Status`), a `Watch`
 * error (`statusCode`), a `node-fetch` `FetchError` (`code` = `ECONNREFUSED`, ...) or an
 * `AbortError` (our request timeout).
 */
const STATUS_TYPES: Record<number, KubeErrorInfo['type']> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  410: 'gone',
};

export function describeKubeError(error: unknown): KubeErrorInfo {
  if (!error || typeof error !== 'object') {
    return { type: 'other', detail: String(error) };
  }
  const e = error as Record<string, any>;
  if (e.name === 'ClusterCredentialError') {
    return { type: 'credentials', detail: String(e.message) };
  }
  const status = statusOf(e);
  if (status !== undefined) {
    const detail =
      statusMessage(e.body) ?? STATUS_CODES[status] ?? `HTTP ${status}`;
    return { type: STATUS_TYPES[status] ?? 'http', status, detail };
  }
  const code = codeOf(e);
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (
    e.name === 'AbortError' ||
    e.type === 'aborted' ||
    e.name === 'TimeoutError'
  ) {
    return {
      type: 'unreachable',
      code: 'timeout',
      detail: 'no answer in time',
    };
  }
  if (code && TLS_CODE.test(code)) {
    return { type: 'tls', code, detail: message };
  }
  if (
    (code && UNREACHABLE_CODES.has(code)) ||
    e.type === 'system' ||
    /socket hang up/i.test(message)
  ) {
    return {
      type: 'unreachable',
      code: code ?? 'connection failed',
      detail: message,
    };
  }
  return { type: 'other', ...(code ? { code } : {}), detail: message };
}
