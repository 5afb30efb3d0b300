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
