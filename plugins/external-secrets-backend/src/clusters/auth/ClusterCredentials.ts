import type { KubernetesCredential } from '@backstage/plugin-kubernetes-node';

/** How long a fetched credential is used before it is fetched again. */
export const DEFAULT_RENEW_AFTER_MS = 10 * 60_000;

/** The credentials of a cluster could not be fetched (STS, a token endpoint, a token file). */
export class ClusterCredentialError extends Error {
  readonly name = 'ClusterCredentialError';
}

/**
 * One cluster's credential for a background watcher: fetched from its strategy on first use,
 * shared by every request, and fetched again
 * - before it expires: after `renewAfterMs` (10 minutes: an EKS token from a presigned STS
 *   request is valid for 15; an Azure or Google token is cached by its strategy until near its
 *   own expiry; an in-cluster token file is re-read as the kubelet rotates it);
 * - at once when the API server refused it (`invalidate`, on a 401).
 * Concurrent callers share one fetch. Watches already open keep running: the API server checks
 * a credential when a request starts.
 */
export class ClusterCredentials {
  private current?: { credential: KubernetesCredential; fetchedAt: number };
  private pending?: Promise<KubernetesCredential>;
  private refusedAt?: number;
  private lastRenewal?: { at: number; afterRefusal: boolean };

  constructor(
    private readonly fetchCredential: () => Promise<KubernetesCredential>,
    private readonly options: {
      renewAfterMs?: number;
      now?: () => number;
    } = {},
  ) {}

  /** The credential to send now. Rejects with a {@link ClusterCredentialError} when it cannot be had. */
  get(): Promise<KubernetesCredential> {
    const now = this.now();
    const renewAfter = this.options.renewAfterMs ?? DEFAULT_RENEW_AFTER_MS;
    if (
      this.current &&
      this.refusedAt === undefined &&
      now - this.current.fetchedAt < renewAfter
    ) {
      return Promise.resolve(this.current.credential);
    }
    if (!this.pending) {
      const afterRefusal = this.refusedAt !== undefined;
      const renewing = this.current !== undefined;
      this.pending = this.fetchCredential()
        .then(
          credential => {
            this.current = { credential, fetchedAt: this.now() };
            this.refusedAt = undefined;
            if (renewing) this.lastRenewal = { at: this.now(), afterRefusal };
            return credential;
          },
          error => {
            throw new ClusterCredentialError(
              error instanceof Error ? error.message : String(error),
            );
          },
        )
        .finally(() => {
          this.pending = undefined;
        });
    }
    return this.pending;
  }

  /**
   * The API server refused the credential of a request that started at `requestStartedAt` (401):
   * the next request fetches a new one. A refusal of a request that may have carried an older
   * credential than the current one is ignored, so a burst of 401s from requests sent before a
   * renewal does not throw the renewed credential away.
   */
  invalidate(requestStartedAt: number = this.now()): void {
    if (this.current && this.current.fetchedAt >= requestStartedAt) return;
    this.refusedAt ??= this.now();
  }

  /** The last renewal, for the cluster's state: when, and whether a 401 caused it. */
  renewal(): { at: number; afterRefusal: boolean } | undefined {
    return this.lastRenewal;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
