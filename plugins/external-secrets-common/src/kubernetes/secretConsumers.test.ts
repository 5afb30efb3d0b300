import { podSecretReads, SecretConsumer } from './secretConsumers';

/** The containers of `pods` reading Secret `namespace/secretName`. */
const indexSecretConsumers =
  (pods: unknown[]) =>
  (namespace: string, secretName: string): SecretConsumer[] =>
    pods
      .flatMap(podSecretReads)
      .filter(
        r => r.secretName === secretName && r.consumer.namespace === namespace,
      )
      .map(r => r.consumer);

const ns = 'shop';
const pod = (
  name: string,
  spec: unknown,
  status?: unknown,
  namespace = ns,
) => ({
  kind: 'Pod',
  metadata: { name, namespace },
  spec,
  status,
});
const running = (name: string, startedAt: string) => ({
  name,
  state: { running: { startedAt } },
});

describe('podSecretReads', () => {
  it('finds every way a container reads the Secret, with its own start time', () => {
    const p = pod(
      'api-1',
      {
        volumes: [
          { name: 'creds', secret: { secretName: 'db' } },
          {
            name: 'bundle',
            projected: {
              sources: [
                { configMap: { name: 'cm' } },
                { secret: { name: 'db' } },
              ],
            },
          },
          { name: 'other', secret: { secretName: 'unrelated' } },
        ],
        containers: [
          {
            name: 'app',
            env: [
              {
                name: 'PASSWORD',
                valueFrom: { secretKeyRef: { name: 'db', key: 'password' } },
              },
              { name: 'PLAIN', value: 'x' },
            ],
            envFrom: [
              { secretRef: { name: 'db' } },
              { configMapRef: { name: 'cm' } },
            ],
            volumeMounts: [{ name: 'creds', mountPath: '/etc/creds' }],
          },
          {
            name: 'sidecar',
            volumeMounts: [
              {
                name: 'bundle',
                mountPath: '/etc/app/db.conf',
                subPath: 'db.conf',
              },
              { name: 'creds', mountPath: '/x', subPathExpr: '$(POD_NAME)' },
            ],
          },
          { name: 'idle', volumeMounts: [{ name: 'other', mountPath: '/o' }] },
        ],
      },
      {
        startTime: '2024-05-01T08:00:00Z',
        containerStatuses: [
          running('app', '2024-05-01T09:00:00Z'),
          {
            name: 'sidecar',
            state: { waiting: { reason: 'CrashLoopBackOff' } },
          },
        ],
      },
    );
    const consumers = indexSecretConsumers([p])(ns, 'db');
    expect(consumers.map(({ pod: _pod, ...rest }) => rest)).toEqual([
      {
        podName: 'api-1',
        namespace: ns,
        container: 'app',
        startedAt: '2024-05-01T09:00:00Z',
        readsVia: ['env', 'envFrom', 'volume'],
      },
      {
        podName: 'api-1',
        namespace: ns,
        container: 'sidecar',
        startedAt: null,
        readsVia: ['subPath'],
      },
    ]);
    expect(consumers[0].pod).toBe(p);
  });

  it('reports a container mounting the same Secret whole and by subPath with both modes', () => {
    const p = pod('p', {
      volumes: [{ name: 'v', secret: { secretName: 'db' } }],
      containers: [
        {
          name: 'c',
          volumeMounts: [
            { name: 'v', mountPath: '/a' },
            { name: 'v', mountPath: '/b/f', subPath: 'f' },
          ],
        },
      ],
    });
    expect(indexSecretConsumers([p])(ns, 'db')[0].readsVia).toEqual([
      'volume',
      'subPath',
    ]);
  });

  it('ignores init and ephemeral containers', () => {
    const p = pod('p', {
      initContainers: [
        { name: 'init', envFrom: [{ secretRef: { name: 'db' } }] },
      ],
      ephemeralContainers: [
        { name: 'debug', envFrom: [{ secretRef: { name: 'db' } }] },
      ],
      containers: [{ name: 'c' }],
    });
    expect(indexSecretConsumers([p])(ns, 'db')).toEqual([]);
  });

  it('keeps namespaces apart', () => {
    const spec = {
      containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'db' } }] }],
    };
    const index = indexSecretConsumers([
      pod('a', spec),
      pod('b', spec, undefined, 'other'),
    ]);
    expect(index(ns, 'db').map(c => c.podName)).toEqual(['a']);
    expect(index('other', 'db').map(c => c.podName)).toEqual(['b']);
    expect(index(ns, 'missing')).toEqual([]);
  });

  it('skips malformed pods and fields', () => {
    const index = indexSecretConsumers([
      null,
      'pod',
      { metadata: { name: 'x' }, spec: {} },
      pod('no-spec', undefined),
      pod('garbage', {
        volumes: 'x',
        containers: [
          null,
          { env: [{ valueFrom: { secretKeyRef: { name: 'db' } } }] },
          {
            name: 'c',
            env: [
              null,
              { valueFrom: null },
              { valueFrom: { secretKeyRef: 'db' } },
            ],
            envFrom: 'db',
            volumeMounts: [{ name: 'missing-volume', mountPath: '/x' }],
          },
        ],
      }),
    ]);
    expect(index(ns, 'db')).toEqual([]);
  });
});
