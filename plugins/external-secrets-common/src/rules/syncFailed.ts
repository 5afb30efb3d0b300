import { formatAgo } from '../time/formatAgo';
import { Rule, RuleContext } from './types';
import { listNames, truncate } from './wording';

const STORE_INVALID =
  /InvalidProviderConfig|invalid store|store .*not ready|unable to validate store|unable to create client|could not get provider client/i;
const ACCESS_DENIED =
  /AccessDenied|not authori[sz]ed|UnauthorizedOperation|InvalidClientTokenId|ExpiredToken|security token|forbidden/i;
const NOT_FOUND =
  /ResourceNotFound|can't find|cannot find|could not find|secret does not exist|not found|does not exist/i;

/** A concrete next step for the errors ESO reports most. */
function hint(text: string, context: RuleContext): string {
  const { es, store, provider } = context;
  if (STORE_INVALID.test(text) || store?.ready?.status === 'False') {
    const ref = es.storeRef;
    const describe = ref
      ? `kubectl describe ${ref.kind.toLowerCase()} ${ref.name}${
          ref.kind === 'SecretStore' ? ` -n ${es.namespace}` : ''
        }`
      : 'kubectl describe of the store';
    return `The store is invalid: ${describe} shows why; fix its provider configuration or credentials.`;
  }
  if (ACCESS_DENIED.test(text)) {
    return `Access denied: ${
      provider?.wording.accessRemedy ??
      "give the store's credentials read access to the remote key in the provider."
    }`;
  }
  if (NOT_FOUND.test(text)) {
    const keys =
      es.remoteKeys.length > 0
        ? ` ${listNames(es.remoteKeys.map(k => `"${k}"`))}`
        : '';
    const where = provider ? ` in ${provider.location}` : ' in the provider';
    return `Key not found: check that the remote key${keys} exists${where}, is not scheduled for deletion, and matches the store's prefix.`;
  }
  return `Run kubectl describe externalsecret ${es.name} -n ${es.namespace} and read the external-secrets controller logs for the full error.`;
}

/** `sync-failed`: the Ready condition is False. */
export const syncFailed: Rule = context => {
  const { ready } = context.es;
  if (ready?.status !== 'False') return [];
  const condition =
    [ready.reason, ready.message].filter(Boolean).join(': ') ||
    'no reason given';
  const event = context.warningEvent;
  const eventText = event
    ? `; newest warning event${event.reason ? ` ${event.reason}` : ''}${
        event.time ? ` (${formatAgo(event.time, context.now)})` : ''
      }: ${truncate(event.message ?? 'no message')}`
    : '';
  return [
    {
      rule: 'sync-failed',
      severity: 'error',
      message: `Sync is failing (${truncate(condition)})${eventText}.`,
      remedy: hint(
        `${condition} ${event?.reason ?? ''} ${event?.message ?? ''}`,
        context,
      ),
    },
  ];
};
