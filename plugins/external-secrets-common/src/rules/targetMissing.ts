import { EXTERNAL_SECRET_REASONS } from '../kubernetes/conditions';
import { Rule } from './types';
import { forceSyncCommand } from './wording';

/** Policies under which ESO does not create the Secret itself. */
const NOT_CREATING = new Set(['None', 'Merge']);

/**
 * `target-missing`: ESO says SecretSynced but the Secret it creates does not exist. Silent where
 * Secrets are not read (`secrets: none`): there, a Secret not seen is unknown, not missing.
 */
export const targetMissing: Rule = ({
  es,
  targetSecret,
  targetSecretVisible,
}) => {
  if (
    !targetSecretVisible ||
    es.ready?.status !== 'True' ||
    es.ready.reason !== EXTERNAL_SECRET_REASONS.SecretSynced ||
    !es.targetName ||
    es.targetManifest ||
    NOT_CREATING.has(es.creationPolicy) ||
    targetSecret
  ) {
    return [];
  }
  return [
    {
      rule: 'target-missing',
      severity: 'error',
      message: `Secret "${es.targetName}" does not exist although the ExternalSecret reports SecretSynced: ESO recreates the Secrets it creates within seconds, so its controller is probably down.`,
      remedy: `Check that the external-secrets controller pods are running, then force a sync: ${forceSyncCommand(
        es,
      )}`,
    },
  ];
};
