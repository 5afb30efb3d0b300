// The resource types the simulated API servers serve, and their discovery documents. Kinds the
// fleet does not generate are served as empty collections (the Backstage Kubernetes plugin lists
// services, configmaps, ingresses, … for every entity): an empty list, not a 404.

export interface ResourceDef {
  /** API group; '' for the core group. */
  group: string;
  /** Served versions, preferred first. */
  versions: string[];
  plural: string;
  kind: string;
  namespaced: boolean;
  /** Custom resources list their items with kind and apiVersion; built-in lists do not. */
  custom?: boolean;
  /** metrics.k8s.io: derived from the pods at request time, never watched. */
  metrics?: boolean;
}

export const ESO_GROUP = 'external-secrets.io';

export const RESOURCES: ResourceDef[] = [
  {
    group: '',
    versions: ['v1'],
    plural: 'pods',
    kind: 'Pod',
    namespaced: true,
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'secrets',
    kind: 'Secret',
    namespaced: true,
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'events',
    kind: 'Event',
    namespaced: true,
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'services',
    kind: 'Service',
    namespaced: true,
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'configmaps',
    kind: 'ConfigMap',
    namespaced: true,
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'limitranges',
    kind: 'LimitRange',
    namespaced: true,
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'resourcequotas',
    kind: 'ResourceQuota',
    namespaced: true,
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'serviceaccounts',
    kind: 'ServiceAccount',
    namespaced: true,
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'persistentvolumeclaims',
    kind: 'PersistentVolumeClaim',
    namespaced: true,
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'persistentvolumes',
    kind: 'PersistentVolume',
    namespaced: false,
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'nodes',
    kind: 'Node',
    namespaced: false,
  },
  {
    group: 'apps',
    versions: ['v1'],
    plural: 'deployments',
    kind: 'Deployment',
    namespaced: true,
  },
  {
    group: 'apps',
    versions: ['v1'],
    plural: 'replicasets',
    kind: 'ReplicaSet',
    namespaced: true,
  },
  {
    group: 'apps',
    versions: ['v1'],
    plural: 'statefulsets',
    kind: 'StatefulSet',
    namespaced: true,
  },
  {
    group: 'apps',
    versions: ['v1'],
    plural: 'daemonsets',
    kind: 'DaemonSet',
    namespaced: true,
  },
  {
    group: 'batch',
    versions: ['v1'],
    plural: 'jobs',
    kind: 'Job',
    namespaced: true,
  },
  {
    group: 'batch',
    versions: ['v1'],
    plural: 'cronjobs',
    kind: 'CronJob',
    namespaced: true,
  },
  {
    group: 'autoscaling',
    versions: ['v2', 'v1'],
    plural: 'horizontalpodautoscalers',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
  },
  {
    group: 'networking.k8s.io',
    versions: ['v1'],
    plural: 'ingresses',
    kind: 'Ingress',
    namespaced: true,
  },
  {
    group: ESO_GROUP,
    versions: ['v1', 'v1beta1'],
    plural: 'externalsecrets',
    kind: 'ExternalSecret',
    namespaced: true,
    custom: true,
  },
  {
    group: ESO_GROUP,
    versions: ['v1', 'v1beta1'],
    plural: 'clusterexternalsecrets',
    kind: 'ClusterExternalSecret',
    namespaced: false,
    custom: true,
  },
  {
    group: ESO_GROUP,
    versions: ['v1', 'v1beta1'],
    plural: 'secretstores',
    kind: 'SecretStore',
    namespaced: true,
    custom: true,
  },
  {
    group: ESO_GROUP,
    versions: ['v1', 'v1beta1'],
    plural: 'clustersecretstores',
    kind: 'ClusterSecretStore',
    namespaced: false,
    custom: true,
  },
  {
    group: 'metrics.k8s.io',
    versions: ['v1beta1'],
    plural: 'pods',
    kind: 'PodMetrics',
    namespaced: true,
    metrics: true,
  },
];

/** `group/plural`: one store per resource whatever the version it is read at. */
export function resourceKey(group: string, plural: string): string {
  return `${group}/${plural}`;
}

const byPath = new Map<string, ResourceDef>();
for (const def of RESOURCES) {
  for (const version of def.versions)
    byPath.set(`${def.group}/${version}/${def.plural}`, def);
}

/** The resource served at group/version/plural, if any. */
export function findResource(
  group: string,
  version: string,
  plural: string,
): ResourceDef | undefined {
  return byPath.get(`${group}/${version}/${plural}`);
}

export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

function groups(): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const def of RESOURCES) {
    if (!def.group) continue;
    const versions = result.get(def.group) ?? [];
    for (const v of def.versions) if (!versions.includes(v)) versions.push(v);
    result.set(def.group, versions);
  }
  return result;
}

function apiGroup(name: string, versions: string[]) {
  return {
    name,
    versions: versions.map(version => ({
      groupVersion: `${name}/${version}`,
      version,
    })),
    preferredVersion: {
      groupVersion: `${name}/${versions[0]}`,
      version: versions[0],
    },
  };
}

/** Discovery documents by path below the cluster prefix (`/api`, `/apis`, `/apis/<group>`, …). */
export function discoveryDocuments(): Map<string, unknown> {
  const docs = new Map<string, unknown>();
  docs.set('/version', {
    major: '1',
    minor: '31',
    gitVersion: 'v1.31.4-simulated',
    platform: 'linux/amd64',
  });
  docs.set('/api', {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [
      { clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.1:443' },
    ],
  });
  const all = groups();
  docs.set('/apis', {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...all].map(([name, versions]) => apiGroup(name, versions)),
  });
  for (const [name, versions] of all) {
    docs.set(`/apis/${name}`, {
      kind: 'APIGroup',
      apiVersion: 'v1',
      ...apiGroup(name, versions),
    });
  }
  const lists = new Map<string, unknown[]>();
  for (const def of RESOURCES) {
    for (const version of def.versions) {
      const path = def.group
        ? `/apis/${def.group}/${version}`
        : `/api/${version}`;
      const list = lists.get(path) ?? [];
      list.push({
        name: def.plural,
        singularName: def.kind.toLowerCase(),
        namespaced: def.namespaced,
        kind: def.kind,
        verbs: def.metrics ? ['get', 'list'] : ['get', 'list', 'watch'],
      });
      lists.set(path, list);
    }
  }
  for (const [path, resources] of lists) {
    docs.set(path, {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: path.replace(/^\/apis?\//, ''),
      resources,
    });
  }
  return docs;
}
