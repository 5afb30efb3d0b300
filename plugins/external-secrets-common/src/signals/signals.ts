/**
 * The Backstage signals channel on which the backend announces that reports changed.
 *
 * @public
 */
export const EXTERNAL_SECRETS_SIGNAL_CHANNEL = 'external-secrets';

/**
 * The whole message: a counter that increases with every change of what a report or the
 * overview would show. It names no entity, ExternalSecret or value, because signals are
 * broadcast to every signed-in user; clients refetch through the permission-checked API.
 *
 * @public
 */
export interface ExternalSecretsChangedSignal {
  revision: number;
  // Signals carry JSON objects.
  [key: string]: number;
}
