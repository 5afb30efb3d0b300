import { describeAge, formatClusterError } from './formatClusterError';

const base = {
  clusterName: 'prod',
  url: 'https://k8s.example.com:6443',
  now: 10 * 3600_000,
};

describe('formatClusterError', () => {
  it('explains an unreachable cluster once, with the age of the data', () => {
    expect(
      formatClusterError({
        ...base,
        lastUpdated: base.now - 7 * 60_000,
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
      'cannot reach https://k8s.example.com:6443 (ECONNREFUSED): check the URL and network; showing data from 7 min ago',
    );
  });

  it('names every forbidden resource and the verbs to grant', () => {
    expect(
      formatClusterError({
        ...base,
        lastUpdated: null,
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
      'the service account lacks list/watch on secrets and externalsecrets.external-secrets.io: grant get/list/watch ' +
        'on them in a ClusterRole bound to the service account; reading pods failed: the API server answered 500 ' +
        '(etcd timeout); retrying; no data received yet',
    );
  });

  it('points at the token on 401 and at the CA on TLS errors', () => {
    expect(
      formatClusterError({
        ...base,
        lastUpdated: null,
        problems: [
          {
            resource: 'pods',
            error: {
              type: 'unauthorized',
              status: 401,
              detail: 'Unauthorized',
            },
          },
        ],
      }),
    ).toContain("check the serviceAccountToken of cluster 'prod'");
    expect(
      formatClusterError({
        ...base,
        lastUpdated: null,
        problems: [
          {
            resource: 'pods',
            error: {
              type: 'tls',
              code: 'SELF_SIGNED_CERT_IN_CHAIN',
              detail: 'x',
            },
          },
        ],
      }),
    ).toBe(
      "cannot verify the TLS certificate of https://k8s.example.com:6443 (SELF_SIGNED_CERT_IN_CHAIN): set caData or caFile for cluster 'prod'; no data received yet",
    );
  });

  it('describes ages', () => {
    expect(describeAge(null, 0)).toBe('no data received yet');
    expect(describeAge(0, 59_000)).toBe(
      'showing data from less than a minute ago',
    );
    expect(describeAge(0, 61_000)).toBe('showing data from 1 min ago');
    expect(describeAge(0, 119 * 60_000)).toBe('showing data from 119 min ago');
    expect(describeAge(0, 5 * 3600_000)).toBe('showing data from 5 h ago');
    expect(describeAge(0, 72 * 3600_000)).toBe('showing data from 3 days ago');
  });
});
