/**
 * A valid generated pipeline (what the template renders for checkout with consumption
 * "both" and Reloader), for tests to break one field at a time.
 */
export function validExternalSecret(
  apiVersion = 'external-secrets.io/v1',
): any {
  return {
    apiVersion,
    kind: 'ExternalSecret',
    metadata: {
      name: 'checkout-db',
      namespace: 'checkout',
      labels: { 'backstage.io/kubernetes-id': 'checkout' },
    },
    spec: {
      ...(apiVersion === 'external-secrets.io/v1'
        ? { refreshPolicy: 'Periodic' }
        : {}),
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-prod' },
      target: {
        name: 'checkout-db',
        creationPolicy: 'Owner',
        deletionPolicy: 'Retain',
      },
      data: [
        {
          secretKey: 'DB_USER',
          remoteRef: { key: 'checkout/prod/db', property: 'username' },
        },
        {
          secretKey: 'db-password',
          remoteRef: { key: 'checkout/prod/db', property: 'password' },
        },
      ],
    },
  };
}

export function validWorkloadPatch(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'checkout',
      namespace: 'checkout',
      labels: { 'backstage.io/kubernetes-id': 'checkout' },
      annotations: { 'secret.reloader.stakater.com/reload': 'checkout-db' },
    },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'checkout',
              env: [
                {
                  name: 'DB_USER',
                  valueFrom: {
                    secretKeyRef: { name: 'checkout-db', key: 'DB_USER' },
                  },
                },
                {
                  name: 'DB_PASSWORD',
                  valueFrom: {
                    secretKeyRef: { name: 'checkout-db', key: 'db-password' },
                  },
                },
              ],
              volumeMounts: [
                {
                  name: 'checkout-db',
                  mountPath: '/etc/secrets/checkout-db',
                  readOnly: true,
                },
              ],
            },
          ],
          volumes: [
            { name: 'checkout-db', secret: { secretName: 'checkout-db' } },
          ],
        },
      },
    },
  };
}

/** The policy the template writes for ESO's role, on the secret ARNs `resource` matches. */
export function validIamPolicy(
  resource = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:checkout/prod/db-??????',
): any {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadOneSecretForExternalSecrets',
        Effect: 'Allow',
        Action: [
          'secretsmanager:GetSecretValue',
          'secretsmanager:DescribeSecret',
        ],
        Resource: resource,
      },
    ],
  };
}

/** The parameter checkout's Parameter Store pipeline reads, and its ARN. */
export const CHECKOUT_PARAMETER = '/checkout/prod/db';
export const CHECKOUT_PARAMETER_ARN =
  'arn:aws:ssm:eu-west-1:111122223333:parameter/checkout/prod/db';
/** A customer managed KMS key in checkout's account and region. */
export const CHECKOUT_KMS_KEY_ARN =
  'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/**
 * The IAM policy the template writes for a Parameter Store store: GetParameter on the one
 * parameter, and with `kmsKeyArn` the decrypt statement for a customer managed key.
 */
export function validSsmPolicy(kmsKeyArn?: string): any {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadOneParameterForExternalSecrets',
        Effect: 'Allow',
        Action: ['ssm:GetParameter'],
        Resource: CHECKOUT_PARAMETER_ARN,
      },
      ...(kmsKeyArn
        ? [
            {
              Sid: 'DecryptThisParameterForExternalSecrets',
              Effect: 'Allow',
              Action: ['kms:Decrypt'],
              Resource: kmsKeyArn,
              Condition: {
                StringEquals: {
                  'kms:EncryptionContext:PARAMETER_ARN': CHECKOUT_PARAMETER_ARN,
                },
              },
            },
          ]
        : []),
    ],
  };
}

/** The Vault policy the template writes for checkout (mount `secret`), in its JSON form. */
export function validVaultPolicy(path = 'secret/data/checkout/prod/db'): any {
  return { path: { [path]: { capabilities: ['read'] } } };
}
