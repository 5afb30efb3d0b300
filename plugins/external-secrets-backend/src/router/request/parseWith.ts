import { InputError } from '@backstage/errors';
import { z } from 'zod';

/** Validates untrusted input with a zod schema, turning failures into a 400 that names the field. */
export function parseWith<T extends z.ZodType>(
  schema: T,
  input: unknown,
  what: string,
): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues
      .map(issue => `${issue.path.join('.') || what}: ${issue.message}`)
      .join('; ');
    throw new InputError(`Invalid ${what}: ${problems}`);
  }
  return result.data;
}

/** A single query string value (Express gives arrays for repeated keys). */
export const queryString = z.string().trim().min(1).max(253);

/** Kubernetes object names: DNS-1123 subdomain. */
export const kubernetesName = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
    'must be a Kubernetes object name (lowercase letters, digits, "-" and ".")',
  );

/** Kubernetes namespaces: DNS-1123 label. */
export const kubernetesNamespace = z
  .string()
  .min(1)
  .max(63)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must be a Kubernetes namespace name',
  );

/** Identifies one ExternalSecret: cluster, namespace and name. */
export const externalSecretRef = z.object({
  cluster: queryString,
  namespace: kubernetesNamespace,
  name: kubernetesName,
});
