import { ResponseError } from '@backstage/errors';

/**
 * The message a person should read: for a ResponseError that is the server's own
 * message (its `cause`), not the generic "Request failed with 400".
 */
export function errorMessage(error: unknown): string {
  if (
    error instanceof ResponseError ||
    (error as ResponseError)?.name === 'ResponseError'
  ) {
    const cause = (error as ResponseError).cause;
    if (cause?.message) return cause.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The server-side error name (e.g. NotFoundError, NotAllowedError) of a failed request. */
export function remoteErrorName(error: unknown): string | undefined {
  if ((error as ResponseError)?.name === 'ResponseError') {
    return (error as ResponseError).body?.error?.name;
  }
  return undefined;
}
