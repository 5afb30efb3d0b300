import { EXTERNAL_SECRET_API_VERSIONS } from '@eso-health/plugin-external-secrets-common';
import { dirname, join } from 'node:path';
import { pointerToField, Problem } from '../model/problems';
import { describeExternalSecret } from './externalSecretRules';

/** The ajv error shape @kubernetes-models' validators report. */
interface SchemaError {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

type ModelClass = new (data: unknown) => { validate(): void };

const models = new Map<string, ModelClass>();

/**
 * Loads the ExternalSecret model of one API version from @kubernetes-models/external-secrets,
 * whose validators are generated from ESO's CRD schemas.
 *
 * The package is ESM-only with `import`-only exports, and this package is CommonJS: the file
 * is required by its path through Node's own `require` (Node 22 loads ES modules
 * synchronously), which works the same in the backend and under Jest's module system.
 */
function loadModel(version: string): ModelClass {
  const cached = models.get(version);
  if (cached) return cached;
  const packageDir = dirname(
    require.resolve('@kubernetes-models/external-secrets/package.json'),
  );
  const nodeRequire = process
    .getBuiltinModule('node:module')
    .createRequire(__filename);
  const { ExternalSecret } = nodeRequire(
    join(packageDir, 'external-secrets.io', version, 'ExternalSecret.js'),
  ) as { ExternalSecret: ModelClass };
  models.set(version, ExternalSecret);
  return ExternalSecret;
}

function describeError(error: SchemaError): Problem['message'] {
  const params = error.params ?? {};
  if (Array.isArray(params.allowedValues)) {
    return `must be one of ${params.allowedValues.join(', ')}`;
  }
  if (typeof params.missingProperty === 'string') {
    return `is missing required field "${params.missingProperty}"`;
  }
  return error.message ?? 'does not match the CRD schema';
}

/**
 * Validates an ExternalSecret against the CRD schema of its API version; returns one problem
 * per schema error, each naming the field.
 */
export function checkExternalSecretSchema(doc: unknown): Problem[] {
  const object = describeExternalSecret(doc);
  const apiVersion = (doc as { apiVersion?: unknown } | undefined)?.apiVersion;
  const known = EXTERNAL_SECRET_API_VERSIONS.find(v => v === apiVersion);
  if (!known) {
    return [
      {
        object,
        field: 'apiVersion',
        message: `${JSON.stringify(
          apiVersion,
        )} is not one of ${EXTERNAL_SECRET_API_VERSIONS.join(', ')}`,
      },
    ];
  }
  // `external-secrets.io/v1` -> `v1`, the model's folder in the package.
  const Model = loadModel(known.split('/')[1]);
  try {
    new Model(doc).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: SchemaError[] }).errors;
    if (!Array.isArray(errors)) throw error;
    return errors.map(e => ({
      object,
      field: pointerToField(e.instancePath ?? '') || '(document)',
      message: `${describeError(e)} (${apiVersion} CRD schema)`,
    }));
  }
}
