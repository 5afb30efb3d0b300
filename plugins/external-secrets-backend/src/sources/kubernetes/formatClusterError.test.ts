import { KubeErrorInfo } from './describeKubeError';
import { formatClusterError } from './formatClusterError';

const base = {
  clusterName: 'prod',
  url: 'https://k8s.example.com:6443',
  authProvider: 'serviceAccount',
};

describe('formatClusterError', () => {
  it('explains an unreachable cluster once, without an age (the state carries lastUpdated)', () => {
    expect(
      formatClusterError({
        ...base,
        problems: [
          {
            resource: 'pods',
            error: { type: 'unreachable', code: 'ECONNREFUSED', detail: 'x' },
          },
          {
            resource: 'secrets',
            error: { type: 'forbidden', status: 403, detail: 'x' },
          },
        ],
      }),
    ).toBe(
      'cannot reach https://k8s.example.com:6443 (ECONNREFUSED): check the URL and network',
    );
  });

  it('names every forbidden resource and the verbs to grant', () => {
    expect(
      formatClusterError({
        ...base,
        problems: [
          {
            resource: 'secrets',
            error: { type: 'forbidden', status: 403, detail: 'x' },
          },
          {
            resource: 'externalsecrets.external-secrets.io',
            error: { type: 'forbidden', status: 403, detail: 'x' },
          },
          {
            resource: 'pods',
            error: { type: 'http', status: 500, detail: 'etcd timeout' },
          },
        ],
      }),
    ).toBe(
      "the backend's identity lacks list/watch on secrets and externalsecrets.external-secrets.io: grant get/list/watch " +
        'on them in a ClusterRole bound to it (examples/rbac); reading pods failed: the API server answered 500 ' +
        '(etcd timeout); retrying',
    );
  });

  it('points at the token on 401 and at the CA on TLS errors', () => {
    /** The message when reading pods of `base` fails with `error`. */
    const podsFailing = (error: KubeErrorInfo) =>
      formatClusterError({ ...base, problems: [{ resource: 'pods', error }] });
    expect(
      podsFailing({
        type: 'unauthorized',
        status: 401,
        detail: 'Unauthorized',
      }),
    ).toContain("check the serviceAccountToken of cluster 'prod'");
    expect(
      podsFailing({
        type: 'tls',
        code: 'SELF_SIGNED_CERT_IN_CHAIN',
        detail: 'x',
      }),
    ).toBe(
      "cannot verify the TLS certificate of https://k8s.example.com:6443 (SELF_SIGNED_CERT_IN_CHAIN): set caData or caFile for cluster 'prod'",
    );
  });

  it('says which Role grants are missing in each namespace of a namespaced cluster', () => {
    expect(
      formatClusterError({
        ...base,
        namespaces: ['shop', 'payments'],
        problems: [
          {
            resource: 'pods',
            error: { type: 'forbidden', status: 403, detail: 'x' },
          },
        ],
      }),
    ).toBe(
      "the backend's identity lacks list/watch on pods: grant get/list/watch on it in a Role bound to it in each of shop and payments (examples/rbac)",
    );
  });

  it('names the identity to map on an AWS 401 and the credential source when none can be had', () => {
    const unauthorized = formatClusterError({
      ...base,
      authProvider: 'aws',
      problems: [
        {
          resource: 'pods',
          error: { type: 'unauthorized', status: 401, detail: 'Unauthorized' },
        },
      ],
    });
    expect(unauthorized).toContain(
      "rejected the credentials of authProvider 'aws' (401 Unauthorized), also after renewing them",
    );
    expect(unauthorized).toContain(
      "add the backend's role (or its assumeRole) to the access entries or aws-auth ConfigMap of cluster 'prod'",
    );
    expect(
      formatClusterError({
        ...base,
        authProvider: 'aws',
        problems: [
          {
            resource: 'pods',
            error: {
              type: 'credentials',
              detail: 'User is not authorized to perform: sts:AssumeRole',
            },
          },
        ],
      }),
    ).toBe(
      "cannot get credentials for cluster 'prod' through authProvider 'aws' (User is not authorized to perform: sts:AssumeRole): " +
        "check the backend's AWS credentials (environment, IRSA or EKS Pod Identity) and that it may sts:AssumeRole the assumeRole of this cluster",
    );
  });
});
