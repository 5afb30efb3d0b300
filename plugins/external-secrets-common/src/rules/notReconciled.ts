import { formatAgo } from '../time/formatAgo';
import { Rule } from './types';
import { withinReconcileGrace } from './wording';

/** `not-reconciled`: no Ready condition, and older than the reconcile grace (or of unknown age). */
export const notReconciled: Rule = context => {
  const { es } = context;
  if (es.ready || withinReconcileGrace(context)) return [];
  const age = formatAgo(es.creationTimestamp, context.now);
  return [
    {
      rule: 'not-reconciled',
      severity: 'error',
      message: `ESO has not reconciled this ExternalSecret (no Ready condition${
        age ? `, created ${age}` : ''
      }): the external-secrets controller is down or does not watch namespace ${
        es.namespace
      }.`,
      remedy: `Check that the external-secrets controller pods are running and read their logs, and that the controller's namespace scope includes ${es.namespace}.`,
    },
  ];
};
