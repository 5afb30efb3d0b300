import {
  ProviderCollectError,
  ProviderCollectFailure,
} from '@eso-health/plugin-external-secrets-node';

interface VaultErrorShape {
  message?: string;
  code?: string;
  response?: { statusCode?: number };
}

/** The HTTP status of a node-vault error; undefined when the server never answered. */
export function vaultStatus(error: unknown): number | undefined {
  return (error as VaultErrorShape | undefined)?.response?.statusCode;
}

/** Classifies a node-vault error. */
export function vaultFailureReason(error: unknown): ProviderCollectFailure {
  const status = vaultStatus(error);
  if (status === 403) return 'access-denied';
  if (status === 401 || status === 400) return 'invalid-credentials';
  if (status === 429) return 'throttled';
  if (status === undefined || status >= 500) return 'unavailable';
  return 'unknown';
}

const NEXT_STEP: Record<ProviderCollectFailure, string> = {
  'access-denied':
    "give the backend's Vault identity a policy with list and read on <mount>/metadata/* (docs/providers.md)",
  'invalid-credentials':
    "check the backend's Vault auth settings (token, Kubernetes role or AppRole) and that the auth mount exists",
  throttled:
    'Vault kept refusing for its rate limit; lengthen externalSecrets.providerRefresh.frequency or narrow paths',
  unavailable:
    'Vault did not answer (down, sealed or unreachable); it is retried on the next refresh',
  unknown: 'it is retried on the next refresh',
};

/**
 * A {@link ProviderCollectError} for a failed Vault call, naming the server, the request and
 * the next step. Vault's error texts name paths and policies, never values.
 */
export function describeVaultError(
  error: unknown,
  where: string,
  request: string,
  apiCalls: Record<string, number>,
): ProviderCollectError {
  const reason = vaultFailureReason(error);
  const e = (error ?? {}) as VaultErrorShape;
  const status = vaultStatus(error);
  const detail =
    status !== undefined
      ? `HTTP ${status}: ${e.message?.split('\n')[0] ?? ''}`
      : e.code ?? e.message?.split('\n')[0] ?? String(error);
  const what =
    reason === 'access-denied'
      ? `permission denied on ${request}`
      : `${request} failed`;
  return new ProviderCollectError(
    `${where}: ${what} (${detail}); ${NEXT_STEP[reason]}.`,
    reason,
    apiCalls,
  );
}
