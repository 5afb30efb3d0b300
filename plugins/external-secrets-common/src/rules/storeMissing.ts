import { Rule } from './types';

/**
 * `store-missing`: the referenced SecretStore/ClusterSecretStore does not exist (or its kind is
 * not one ESO knows). Silent when the store's kind may not be read (a cluster watched through a
 * namespaced Role cannot list ClusterSecretStores): unknown is not missing.
 */
export const storeMissing: Rule = ({ es, store, storeVisible }) => {
  const ref = es.storeRef;
  if (!ref || store || (!ref.invalidKind && !storeVisible)) return [];
  if (ref.invalidKind) {
    return [
      {
        rule: 'store-missing',
        severity: 'error',
        message: `spec.secretStoreRef.kind "${ref.invalidKind}" is neither SecretStore nor ClusterSecretStore, so ESO cannot find the store "${ref.name}".`,
        remedy:
          'Set spec.secretStoreRef.kind to SecretStore or ClusterSecretStore.',
      },
    ];
  }
  const where =
    ref.kind === 'SecretStore' ? ` in namespace ${es.namespace}` : '';
  return [
    {
      rule: 'store-missing',
      severity: 'error',
      message: `${ref.kind} "${ref.name}" does not exist${where}, so ESO cannot sync this ExternalSecret.`,
      remedy: `Create the ${ref.kind} "${ref.name}"${where}, or fix spec.secretStoreRef of the ExternalSecret.`,
    },
  ];
};
