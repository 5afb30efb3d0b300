import { ruleFields } from '../__testUtils__/fieldMessages';
import { validWorkloadPatch } from '../__testUtils__/pipelineFixtures';
import {
  checkWorkloadPatch,
  WorkloadPatchExpectations,
} from './workloadPatchRules';

const expected: WorkloadPatchExpectations = {
  secretName: 'checkout-db',
  namespace: 'checkout',
  secretKeys: ['DB_USER', 'db-password'],
  consumption: 'both',
  reloader: true,
};

const fields = ruleFields(checkWorkloadPatch, expected);

function envOnly() {
  const patch = validWorkloadPatch();
  delete patch.spec.template.spec.volumes;
  delete patch.spec.template.spec.containers[0].volumeMounts;
  return patch;
}

function volumeOnly() {
  const patch = validWorkloadPatch();
  delete patch.spec.template.spec.containers[0].env;
  return patch;
}

describe('checkWorkloadPatch', () => {
  it('accepts the generated patch for each consumption mode', () => {
    expect(fields(validWorkloadPatch())).toEqual([]);
    expect(fields(envOnly(), { consumption: 'env' })).toEqual([]);
    expect(fields(volumeOnly(), { consumption: 'volume' })).toEqual([]);
  });

  it('names the object in every problem', () => {
    const patch = validWorkloadPatch();
    patch.spec.template.spec.containers[0].env[0].name = 'DB-USER';
    expect(checkWorkloadPatch(patch, expected)).toEqual([
      {
        object: 'Deployment checkout/checkout',
        field: 'spec.template.spec.containers[0].env[0].name',
        message:
          '"DB-USER" is not a valid environment variable name: use letters, digits and _, not starting with a digit (e.g. DB_PASSWORD)',
      },
    ]);
  });

  it('refuses subPath mounts and writable mounts', () => {
    const patch = volumeOnly();
    Object.assign(patch.spec.template.spec.containers[0].volumeMounts[0], {
      subPath: 'db-password',
      readOnly: false,
    });
    expect(fields(patch, { consumption: 'volume' })).toEqual([
      'spec.template.spec.containers[0].volumeMounts[0].readOnly: must be true: the application must never write to a mounted Secret',
      'spec.template.spec.containers[0].volumeMounts[0].subPath: must not be set: files mounted with subPath never receive rotated values; mount the whole volume and read the file inside it',
    ]);
  });

  it('finds the Secret in projected volumes too', () => {
    const patch = volumeOnly();
    patch.spec.template.spec.volumes[0] = {
      name: 'checkout-db',
      projected: { sources: [{ secret: { name: 'checkout-db' } }] },
    };
    patch.spec.template.spec.containers[0].volumeMounts[0].subPathExpr =
      '$(POD)';
    expect(fields(patch, { consumption: 'volume' })).toEqual([
      expect.stringMatching(/volumeMounts\[0\]\.subPathExpr: must not be set/),
    ]);
  });

  it('refuses env references to keys the ExternalSecret does not write, and duplicate names', () => {
    const patch = envOnly();
    const [user, password] = patch.spec.template.spec.containers[0].env;
    password.valueFrom.secretKeyRef.key = 'DB_PASSWORD';
    patch.spec.template.spec.containers[0].env.push({ ...user });
    expect(fields(patch, { consumption: 'env' })).toEqual([
      'spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef.key: "DB_PASSWORD" is not a key the ExternalSecret writes (DB_USER, db-password)',
      'spec.template.spec.containers[0].env[2].name: "DB_USER" is already set by spec.template.spec.containers[0].env[0]',
      'spec.template.spec.containers: Secret key "db-password" is not read into any environment variable',
    ]);
  });

  it('refuses envFrom when a key is no valid variable name', () => {
    const patch = envOnly();
    patch.spec.template.spec.containers[0].env = undefined;
    patch.spec.template.spec.containers[0].envFrom = [
      { secretRef: { name: 'checkout-db' } },
    ];
    expect(fields(patch, { consumption: 'env' })).toEqual([
      expect.stringMatching(
        /^spec\.template\.spec\.containers\[0\]\.envFrom\[0\]: turns Secret key "db-password" into "db-password" is not a valid environment variable name/,
      ),
    ]);
  });

  it('holds the patch to the chosen consumption mode', () => {
    expect(fields(validWorkloadPatch(), { consumption: 'volume' })).toEqual([
      'spec.template.spec.containers: consumption "volume" must not read the Secret "checkout-db" into environment variables (they go stale after a rotation)',
    ]);
    expect(fields(validWorkloadPatch(), { consumption: 'env' })).toEqual([
      'spec.template.spec.volumes: consumption "env" must not mount the Secret "checkout-db"',
    ]);
    expect(fields(envOnly(), { consumption: 'both' })).toEqual([
      'spec.template.spec.containers: consumption "both" needs a volume mount of the Secret "checkout-db"',
    ]);
  });

  it('holds the patch to the Reloader choice', () => {
    const without = validWorkloadPatch();
    delete without.metadata.annotations;
    expect(fields(without)).toEqual([
      'metadata.annotations["secret.reloader.stakater.com/reload"]: must name "checkout-db" so Reloader restarts the pods after a rotation',
    ]);
    expect(fields(validWorkloadPatch(), { reloader: false })).toEqual([
      'metadata.annotations: Reloader was turned off, but the annotations ask Reloader to restart on changes of "checkout-db"',
    ]);
    expect(fields(without, { reloader: false })).toEqual([]);
  });

  it('needs the namespace of the Secret and a container reading it', () => {
    const patch = validWorkloadPatch();
    patch.metadata.namespace = 'default';
    patch.spec.template.spec.containers[0] = { name: 'checkout' };
    delete patch.spec.template.spec.volumes;
    expect(
      fields(patch, { consumption: undefined, reloader: undefined }),
    ).toEqual([
      'metadata.namespace: "default" must be "checkout", the namespace of the Secret: pods can only read Secrets of their own namespace',
      'spec.template.spec.containers: no container reads the Secret "checkout-db" (env, envFrom or a volume)',
    ]);
  });

  it('refuses other kinds and patches without containers', () => {
    expect(
      fields({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'x', namespace: 'checkout' },
      }),
    ).toEqual([
      'kind: "Job" must be an apps/v1 Deployment, StatefulSet, DaemonSet',
      'spec.template.spec.containers: is missing',
    ]);
  });
});
