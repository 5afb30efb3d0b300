import { Rule } from './types';
import { truncate } from './wording';

/** `store-not-ready`: the referenced store's Ready condition is False. */
export const storeNotReady: Rule = ({ store }) => {
  if (store?.ready?.status !== 'False') return [];
  const why = [store.ready.reason, store.ready.message]
    .filter(Boolean)
    .join(': ');
  const namespace = store.namespace ? ` -n ${store.namespace}` : '';
  return [
    {
      rule: 'store-not-ready',
      severity: 'error',
      message: `${store.kind} "${store.name}" is not ready${
        why ? ` (${truncate(why)})` : ''
      }, so no ExternalSecret can sync from it.`,
      remedy: `Run kubectl describe ${store.kind.toLowerCase()} ${
        store.name
      }${namespace} and fix its provider configuration or credentials.`,
    },
  ];
};
