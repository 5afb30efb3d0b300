import {
  isRecord,
  records,
  EXTERNAL_SECRET_API_VERSIONS,
  KUBERNETES_ID_LABEL,
} from '@eso-health/plugin-external-secrets-common';
import { Problem, problemsOf, ReportProblem } from '../model/problems';
import {
  checkAwsSecretName,
  checkDnsLabel,
  checkDnsSubdomain,
  checkParameterName,
  checkSecretDataKey,
  earlierUseOfName,
} from './names';
import { ProviderOptions, providerOf } from './providers';
import {
  checkRefreshInterval,
  RefreshIntervalOptions,
} from './refreshInterval';
import { checkVaultKey } from './vaultPolicyRules';

/**
 * Fields the CRDs define at the levels the template writes. The API server silently prunes
 * unknown fields, so a typo (`refreshInteval`) would otherwise pass unnoticed.
 */
const KNOWN_FIELDS: Record<string, string[]> = {
  spec: [
    'data',
    'dataFrom',
    'refreshInterval',
    'refreshPolicy',
    'secretStoreRef',
    'target',
    'syncWindows',
  ],
  'spec.secretStoreRef': ['name', 'kind'],
  'spec.target': [
    'name',
    'creationPolicy',
    'deletionPolicy',
    'template',
    'immutable',
    'manifest',
  ],
  'spec.data[]': ['secretKey', 'remoteRef', 'sourceRef'],
  'spec.data[].remoteRef': [
    'key',
    'property',
    'version',
    'metadataPolicy',
    'conversionStrategy',
    'decodingStrategy',
    'nullBytePolicy',
  ],
};

/** v1beta1 has no sync windows (added to v1 in ESO 2.7). */
const V1_ONLY_SPEC_FIELDS = ['syncWindows'];

export interface ExternalSecretRuleOptions
  extends RefreshIntervalOptions,
    ProviderOptions {
  /**
   * The KV version 2 mount of a Vault store (its `spec.provider.vault.path`): remote keys
   * are paths under it.
   */
  vaultMount?: string;
}

/** The rule for remote keys of the store's provider (AWS Secrets Manager by default). */
function remoteKeyRule(
  options: ExternalSecretRuleOptions,
): (key: unknown) => string | undefined {
  switch (providerOf(options)) {
    case 'aws-secrets-manager':
      return checkAwsSecretName;
    case 'aws-parameter-store':
      return checkParameterName;
    case 'vault-kv-v2':
      return key => checkVaultKey(key, options.vaultMount);
    default:
      return checkAnyRemoteKey;
  }
}

/** Remote keys of providers other than AWS: only a non-empty string is required. */
function checkAnyRemoteKey(key: unknown): string | undefined {
  return typeof key === 'string' && key !== ''
    ? undefined
    : 'is missing: the key of the secret in the provider';
}

/** `ExternalSecret <namespace>/<name>`, for messages. */
export function describeExternalSecret(es: unknown): string {
  const metadata = isRecord(es) && isRecord(es.metadata) ? es.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '(unnamed)';
  return typeof metadata.namespace === 'string'
    ? `ExternalSecret ${metadata.namespace}/${name}`
    : `ExternalSecret ${name}`;
}

function unknownFields(
  value: unknown,
  level: string,
  field: string,
  problem: ReportProblem,
  apiVersion: unknown,
) {
  if (!isRecord(value)) return;
  const known = KNOWN_FIELDS[level].filter(
    key =>
      level !== 'spec' ||
      apiVersion === 'external-secrets.io/v1' ||
      !V1_ONLY_SPEC_FIELDS.includes(key),
  );
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      problem(
        `${field}.${key}`,
        `is not a field of ${String(
          apiVersion,
        )} ExternalSecret (known: ${known.join(
          ', ',
        )}); the API server would silently drop it`,
      );
    }
  }
}

/**
 * The rules the pipeline template promises beyond the CRD schema: names Kubernetes and AWS
 * accept, a label the entity card finds, one unique Secret key per entry, a bounded refresh
 * interval, and an explicit target.
 */
export function checkExternalSecret(
  es: unknown,
  options: ExternalSecretRuleOptions = {},
): Problem[] {
  const { problems, problem } = problemsOf(describeExternalSecret(es));

  if (!isRecord(es)) {
    problem('(document)', 'is not an object');
    return problems;
  }
  if (!EXTERNAL_SECRET_API_VERSIONS.includes(es.apiVersion)) {
    problem(
      'apiVersion',
      `${JSON.stringify(
        es.apiVersion,
      )} is not one of ${EXTERNAL_SECRET_API_VERSIONS.join(', ')}`,
    );
  }
  const metadata = isRecord(es.metadata) ? es.metadata : {};
  const nameError = checkDnsSubdomain(metadata.name);
  if (nameError) problem('metadata.name', nameError);
  const namespaceError = checkDnsLabel(metadata.namespace);
  if (namespaceError) problem('metadata.namespace', namespaceError);
  const labels = isRecord(metadata.labels) ? metadata.labels : {};
  if (typeof labels[KUBERNETES_ID_LABEL] !== 'string') {
    problem(
      `metadata.labels["${KUBERNETES_ID_LABEL}"]`,
      "is missing: the entity card finds a service's ExternalSecrets by this label",
    );
  }

  const spec = isRecord(es.spec) ? es.spec : undefined;
  if (!spec) {
    problem('spec', 'is missing');
    return problems;
  }
  unknownFields(spec, 'spec', 'spec', problem, es.apiVersion);

  const store = isRecord(spec.secretStoreRef) ? spec.secretStoreRef : undefined;
  if (!store) {
    problem(
      'spec.secretStoreRef',
      'is missing: name the SecretStore to read from',
    );
  } else {
    unknownFields(
      store,
      'spec.secretStoreRef',
      'spec.secretStoreRef',
      problem,
      es.apiVersion,
    );
    const storeError = checkDnsSubdomain(store.name);
    if (storeError) problem('spec.secretStoreRef.name', storeError);
    if (store.kind !== 'SecretStore' && store.kind !== 'ClusterSecretStore') {
      problem(
        'spec.secretStoreRef.kind',
        `${JSON.stringify(
          store.kind,
        )} must be SecretStore or ClusterSecretStore (set it explicitly)`,
      );
    }
  }

  const intervalError = checkRefreshInterval(
    spec.refreshInterval,
    spec.refreshPolicy,
    options,
  );
  if (intervalError) problem('spec.refreshInterval', intervalError);

  const target = isRecord(spec.target) ? spec.target : undefined;
  if (!target) {
    problem('spec.target', 'is missing: name the Secret ESO writes');
  } else {
    unknownFields(target, 'spec.target', 'spec.target', problem, es.apiVersion);
    const targetError = checkDnsSubdomain(target.name);
    if (targetError) problem('spec.target.name', targetError);
  }

  if (spec.dataFrom !== undefined) {
    problem(
      'spec.dataFrom',
      'is not used by this pipeline: map each property to a key in spec.data so every key is reviewed',
    );
  }
  const data = records(spec.data);
  if (!Array.isArray(spec.data) || data.length === 0) {
    problem('spec.data', 'needs at least one entry (property → Secret key)');
  }
  const checkRemoteKey = remoteKeyRule(options);
  const earlierKeyUse = earlierUseOfName();
  (Array.isArray(spec.data) ? spec.data : []).forEach(
    (entry: unknown, index: number) => {
      const field = `spec.data[${index}]`;
      if (!isRecord(entry)) {
        problem(field, 'is not an object');
        return;
      }
      unknownFields(entry, 'spec.data[]', field, problem, es.apiVersion);
      const keyError = checkSecretDataKey(entry.secretKey);
      if (keyError) problem(`${field}.secretKey`, keyError);
      const first = earlierKeyUse(entry.secretKey, index);
      if (first !== undefined) {
        problem(
          `${field}.secretKey`,
          `"${entry.secretKey}" is already used by spec.data[${first}]: each entry needs its own Secret key`,
        );
      }
      const remoteRef = isRecord(entry.remoteRef) ? entry.remoteRef : undefined;
      if (!remoteRef) {
        problem(`${field}.remoteRef`, 'is missing');
        return;
      }
      unknownFields(
        remoteRef,
        'spec.data[].remoteRef',
        `${field}.remoteRef`,
        problem,
        es.apiVersion,
      );
      const remoteKeyError = checkRemoteKey(remoteRef.key);
      if (remoteKeyError) problem(`${field}.remoteRef.key`, remoteKeyError);
      if (
        remoteRef.property !== undefined &&
        (typeof remoteRef.property !== 'string' || remoteRef.property === '')
      ) {
        problem(
          `${field}.remoteRef.property`,
          'must be a non-empty string (the key inside the remote secret), or be left out',
        );
      }
    },
  );
  return problems;
}

/** The Secret keys an ExternalSecret writes, in order. */
export function secretKeysOf(es: unknown): string[] {
  const spec = isRecord(es) && isRecord(es.spec) ? es.spec : {};
  return records(spec.data)
    .map(entry => entry.secretKey)
    .filter((key): key is string => typeof key === 'string');
}

/** The remote keys an ExternalSecret reads, without duplicates. */
export function remoteKeysOf(es: unknown): string[] {
  const spec = isRecord(es) && isRecord(es.spec) ? es.spec : {};
  const keys = records(spec.data)
    .map(entry => (isRecord(entry.remoteRef) ? entry.remoteRef.key : undefined))
    .filter((key): key is string => typeof key === 'string');
  return [...new Set(keys)];
}

/** The target Secret's name: `spec.target.name`, or the ExternalSecret's own name. */
export function targetSecretOf(es: unknown): string | undefined {
  if (!isRecord(es)) return undefined;
  const spec = isRecord(es.spec) ? es.spec : {};
  const target = isRecord(spec.target) ? spec.target : {};
  if (typeof target.name === 'string') return target.name;
  const metadata = isRecord(es.metadata) ? es.metadata : {};
  return typeof metadata.name === 'string' ? metadata.name : undefined;
}

/**
 * When the pipeline carries the same ExternalSecret in both API versions (for clusters on
 * ESO older than 0.17), both must describe the same object with the same data.
 */
export function checkVersionsAgree(v1: unknown, v1beta1: unknown): Problem[] {
  const { problems, problem } = problemsOf(describeExternalSecret(v1beta1));
  const a = isRecord(v1) ? v1 : {};
  const b = isRecord(v1beta1) ? v1beta1 : {};
  const same = (x: unknown, y: unknown) =>
    JSON.stringify(x) === JSON.stringify(y);
  const compared = {
    metadata: ['name', 'namespace', 'labels'],
    spec: ['secretStoreRef', 'target', 'data', 'refreshInterval'],
  };
  for (const [part, keys] of Object.entries(compared)) {
    const ap = isRecord(a[part]) ? a[part] : {};
    const bp = isRecord(b[part]) ? b[part] : {};
    for (const key of keys) {
      if (!same(ap[key], bp[key])) {
        problem(
          `${part}.${key}`,
          'differs from the external-secrets.io/v1 manifest: both versions must describe the same object',
        );
      }
    }
  }
  return problems;
}
