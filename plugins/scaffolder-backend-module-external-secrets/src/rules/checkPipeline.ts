import { isRecord } from '@eso-health/plugin-external-secrets-common';
import { ManifestDocument } from '../model/manifestDocument';
import { Problem } from '../model/problems';
import { checkExternalSecretSchema } from './crdSchema';
import {
  checkExternalSecret,
  checkVersionsAgree,
  describeExternalSecret,
  ExternalSecretRuleOptions,
  remoteKeysOf,
  secretKeysOf,
  targetSecretOf,
} from './externalSecretRules';
import { isIamPolicy } from './awsPolicyDocument';
import { checkIamPolicy } from './iamPolicyRules';
import { providerOf, StoreProvider, STORE_PROVIDER_TITLES } from './providers';
import { checkSsmPolicy } from './ssmPolicyRules';
import { checkVaultPolicy, isVaultPolicy } from './vaultPolicyRules';
import {
  checkWorkloadPatch,
  ConsumptionMode,
  isWorkloadPatch,
} from './workloadPatchRules';

export interface PipelineOptions extends ExternalSecretRuleOptions {
  /** The consumption mode chosen in the form; the workload patch must implement it. */
  consumption?: ConsumptionMode;
  /** Whether Reloader was chosen; the workload patch must (not) carry its annotation. */
  reloader?: boolean;
  /** The AWS region of the store; IAM resources must be in it. */
  region?: string;
  /** The AWS account that holds the secret or parameter; IAM resources must be in it. */
  accountId?: string;
  /**
   * The customer managed KMS key of a SecureString parameter (Parameter Store only): the IAM
   * policy must allow kms:Decrypt on it, and may name no KMS key without it.
   */
  kmsKeyArn?: string;
  /** API versions the ExternalSecret must be present in, e.g. both for ESO older than 0.17. */
  apiVersions?: string[];
}

export interface PipelineSummary {
  /** `external-secrets.io/v1 checkout/checkout-db`, one per ExternalSecret manifest. */
  externalSecrets: string[];
  workloadPatches: string[];
  iamPolicies: string[];
  vaultPolicies: string[];
}

function isExternalSecret(doc: unknown): boolean {
  return (
    isRecord(doc) &&
    doc.kind === 'ExternalSecret' &&
    typeof doc.apiVersion === 'string' &&
    doc.apiVersion.startsWith('external-secrets.io/')
  );
}

function isSecretWithData(doc: unknown): boolean {
  return (
    isRecord(doc) &&
    doc.kind === 'Secret' &&
    (doc.data !== undefined || doc.stringData !== undefined)
  );
}

/** The grant ESO's role needs for each kind of store: the other kind is refused. */
const GRANT_OF: Record<StoreProvider, 'IAM policy' | 'Vault policy'> = {
  'aws-secrets-manager': 'IAM policy',
  'aws-parameter-store': 'IAM policy',
  'vault-kv-v2': 'Vault policy',
};

/** A grant for ESO's role of another kind than the store's provider needs. */
function grantOfOtherProvider(
  doc: ManifestDocument,
  grant: 'IAM policy' | 'Vault policy',
  provider: StoreProvider,
): Problem {
  return {
    file: doc.file,
    object: grant,
    field: '(document)',
    message: `is ${
      grant === 'IAM policy' ? 'an' : 'a'
    } ${grant}, but the store is ${
      STORE_PROVIDER_TITLES[provider]
    }: ESO's role needs the ${GRANT_OF[provider]} instead`,
  };
}

/**
 * Checks a generated pipeline: every ExternalSecret against its CRD schema and the template's
 * rules, the workload patch against the ExternalSecret it consumes, the grant for ESO's role
 * (the IAM policy for AWS Secrets Manager or Parameter Store, the Vault policy for Vault KV
 * version 2) against the keys read; and that no Secret with a value is about to be committed.
 */
export function checkPipeline(
  documents: ManifestDocument[],
  options: PipelineOptions = {},
): { problems: Problem[]; summary: PipelineSummary } {
  const problems: Problem[] = [];
  const inFile = (file: string) => (p: Problem) =>
    problems.push({ ...p, file });
  const summary: PipelineSummary = {
    externalSecrets: [],
    workloadPatches: [],
    iamPolicies: [],
    vaultPolicies: [],
  };

  // v1 first: the version current ESO serves.
  const externalSecrets = documents
    .filter(d => isExternalSecret(d.value))
    .sort(
      (a, b) =>
        Number((a.value as any).apiVersion !== 'external-secrets.io/v1') -
        Number((b.value as any).apiVersion !== 'external-secrets.io/v1'),
    );
  const patches = documents.filter(d => isWorkloadPatch(d.value));
  const policies = documents.filter(d => isIamPolicy(d.value));
  const vaultPolicies = documents.filter(d => isVaultPolicy(d.value));
  const provider = providerOf(options);

  for (const doc of documents) {
    if (isSecretWithData(doc.value)) {
      // Never echo the content: it may be a real value.
      problems.push({
        file: doc.file,
        field: 'kind',
        message:
          'is a Secret with data: secret values must never be committed; keep them in the provider and let ESO write the Secret',
      });
    }
  }

  if (externalSecrets.length === 0) {
    problems.push({
      field: '(pipeline)',
      message:
        'has no ExternalSecret manifest (kind ExternalSecret, apiVersion external-secrets.io/...)',
    });
  }
  for (const doc of externalSecrets) {
    checkExternalSecretSchema(doc.value).forEach(inFile(doc.file));
    checkExternalSecret(doc.value, options).forEach(inFile(doc.file));
    summary.externalSecrets.push(
      `${(doc.value as any).apiVersion} ${describeExternalSecret(
        doc.value,
      ).replace(/^ExternalSecret /, '')}`,
    );
  }
  const byVersion = new Map<string, ManifestDocument>();
  for (const doc of externalSecrets) {
    const version = (doc.value as any).apiVersion as string;
    if (byVersion.has(version)) {
      problems.push({
        file: doc.file,
        object: describeExternalSecret(doc.value),
        field: 'apiVersion',
        message: `a second ${version} ExternalSecret: this pipeline creates one ExternalSecret (once per API version)`,
      });
    } else {
      byVersion.set(version, doc);
    }
  }
  for (const version of options.apiVersions ?? []) {
    if (!byVersion.has(version)) {
      problems.push({
        field: '(pipeline)',
        message: `has no ${version} ExternalSecret manifest, which was asked for`,
      });
    }
  }
  const v1 = byVersion.get('external-secrets.io/v1');
  const v1beta1 = byVersion.get('external-secrets.io/v1beta1');
  if (v1 && v1beta1) {
    checkVersionsAgree(v1.value, v1beta1.value).forEach(inFile(v1beta1.file));
  }

  const primary = v1 ?? v1beta1 ?? externalSecrets[0];
  const es = primary?.value;
  const secretName = targetSecretOf(es);
  const namespace =
    isRecord(es) && isRecord(es.metadata) ? es.metadata.namespace : undefined;

  if (primary && patches.length === 0) {
    problems.push({
      field: '(pipeline)',
      message:
        'has no workload patch (apps/v1 Deployment, StatefulSet or DaemonSet) reading the Secret',
    });
  }
  for (const doc of patches) {
    if (!secretName) break;
    checkWorkloadPatch(doc.value, {
      secretName,
      namespace: typeof namespace === 'string' ? namespace : undefined,
      secretKeys: secretKeysOf(es),
      consumption: options.consumption,
      reloader: options.reloader,
    }).forEach(inFile(doc.file));
    const meta =
      isRecord(doc.value) && isRecord((doc.value as any).metadata)
        ? (doc.value as any).metadata
        : {};
    summary.workloadPatches.push(
      `${(doc.value as any).kind} ${meta.namespace ?? ''}/${meta.name ?? ''}`,
    );
  }

  // The grant for ESO's role: an IAM policy for the AWS services, a Vault policy for Vault;
  // without a provider (awsSecretsManager: false), whichever is present is checked.
  const aws =
    provider === 'aws-secrets-manager' || provider === 'aws-parameter-store';
  if (primary && aws && policies.length === 0) {
    problems.push({
      field: '(pipeline)',
      message:
        "has no IAM policy (JSON with Version and Statement) for ESO's role",
    });
  }
  if (primary && provider === 'vault-kv-v2' && vaultPolicies.length === 0) {
    problems.push({
      field: '(pipeline)',
      message:
        'has no Vault policy (an .hcl file with path "<mount>/data/<key>" { capabilities = ["read"] }) for ESO\'s role',
    });
  }
  const remoteKeys = remoteKeysOf(es);
  for (const doc of policies) {
    if (provider === 'vault-kv-v2') {
      problems.push(grantOfOtherProvider(doc, 'IAM policy', provider));
      continue;
    }
    (provider === 'aws-parameter-store'
      ? checkSsmPolicy(doc.value, {
          remoteKeys,
          region: options.region,
          accountId: options.accountId,
          kmsKeyArn: options.kmsKeyArn,
        })
      : checkIamPolicy(doc.value, {
          remoteKeys,
          region: options.region,
          accountId: options.accountId,
        })
    ).forEach(inFile(doc.file));
    summary.iamPolicies.push(doc.file);
  }
  for (const doc of vaultPolicies) {
    if (aws) {
      problems.push(grantOfOtherProvider(doc, 'Vault policy', provider));
      continue;
    }
    checkVaultPolicy(doc.value, {
      remoteKeys,
      mount: options.vaultMount,
    }).forEach(inFile(doc.file));
    summary.vaultPolicies.push(doc.file);
  }
  return { problems, summary };
}
