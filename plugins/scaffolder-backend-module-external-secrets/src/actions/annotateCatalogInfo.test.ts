import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { promises as fs } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { createAnnotateCatalogInfoAction } from './annotateCatalogInfo';

const workspace = createMockDirectory();
const files = new Map<string, string>();
const reader = mockServices.urlReader.mock({
  readUrl: jest.fn(async (url: string) => {
    const content = files.get(url);
    if (content === undefined) throw new NotFoundError(`${url} not found`);
    return { buffer: async () => Buffer.from(content, 'utf8') };
  }),
});
const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [{ host: 'github.com' }, { host: 'ghe.acme.example' }],
    },
  }),
);
const action = createAnnotateCatalogInfoAction({ reader, integrations });

const ROOT_URL = 'https://github.com/acme/checkout/blob/main/catalog-info.yaml';

const input = {
  entityRef: 'component:default/checkout',
  location: `url:${ROOT_URL}`,
  repoUrl: 'github.com?owner=acme&repo=checkout',
  kubernetesId: 'checkout',
};

async function run(
  actionInput: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  const logger = mockServices.logger.mock();
  const ctx = createMockActionContext({
    input: actionInput as any,
    workspacePath: workspace.path,
    logger,
  });
  await action.handler({ ...ctx, ...extra } as any);
  return { ctx, logger, outputs: outputsOf(ctx) };
}

function outputsOf(ctx: { output: unknown }): Record<string, unknown> {
  return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
}

async function workspaceFiles(): Promise<string[]> {
  const entries = await fs
    .readdir(workspace.path, { recursive: true, withFileTypes: true })
    .catch(() => []);
  return entries.filter(e => e.isFile()).map(e => e.name);
}

const readWorkspace = (path: string) =>
  fs.readFile(workspace.resolve(path), 'utf8');

const catalogInfo = `# Catalog entry of the checkout service.
# Owned by team-checkout; see https://backstage.io/docs/features/software-catalog/descriptor-format
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout   # the service's name everywhere
  description: "Takes the customer's money; a very long description that goes well past eighty columns"
  annotations:
    # The repository, for the GitHub cards.
    github.com/project-slug: acme/checkout
  tags:
  - java
  - payments
spec:
  type: service
  lifecycle: production
  owner: team-checkout # on call: #checkout
`;

describe('external-secrets:catalog:annotate', () => {
  beforeEach(() => {
    workspace.clear();
    files.clear();
    reader.readUrl.mockClear();
  });

  it("adds the annotation to the catalog file of the pull request's repository, keeping comments and formatting", async () => {
    files.set(ROOT_URL, catalogInfo);
    const { outputs, logger } = await run(input);
    expect(outputs).toEqual({ edited: true, path: 'catalog-info.yaml' });
    expect(reader.readUrl).toHaveBeenCalledWith(ROOT_URL, expect.anything());
    // Exactly one line more: every other byte, comments and spacing included, is kept.
    expect(await readWorkspace('catalog-info.yaml')).toBe(
      catalogInfo.replace(
        '    github.com/project-slug: acme/checkout\n',
        '    github.com/project-slug: acme/checkout\n    backstage.io/kubernetes-id: checkout\n',
      ),
    );
    expect(await workspaceFiles()).toEqual(['catalog-info.yaml']);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('backstage.io/kubernetes-id: checkout'),
    );
  });

  it('edits the matching document of a multi-document file in a sub-folder and leaves the others byte for byte', async () => {
    const url =
      'https://github.com/Acme/Checkout/blob/main/services/checkout/catalog-info.yaml';
    const others = [
      '# The system\napiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: checkout\nspec:\n  owner: team-checkout\n',
      '---\n# Same name, other namespace: not this one\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n    name: checkout\n    namespace: staging\nspec: {type: service, owner: team-checkout, lifecycle: experimental}\n',
    ];
    const component =
      '---\n# The service itself\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n    name: checkout # no annotations yet\n    namespace: default\nspec:\n    type: service\n    owner: team-checkout\n    lifecycle: production\n';
    const api =
      '---\napiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: checkout-api\nspec:\n  definition: |\n    openapi: 3.0.0\n';
    files.set(url, [...others, component, api].join(''));

    const { outputs } = await run({
      ...input,
      location: `url:${url}`,
      kubernetesId: 'checkout-svc',
    });
    expect(outputs).toEqual({
      edited: true,
      path: 'services/checkout/catalog-info.yaml',
    });
    const written = await readWorkspace('services/checkout/catalog-info.yaml');
    expect(written).toBe(
      [
        ...others,
        component.replace(
          '    name: checkout # no annotations yet\n',
          '    name: checkout # no annotations yet\n    annotations:\n        backstage.io/kubernetes-id: checkout-svc\n',
        ),
        api,
      ].join(''),
    );
    const docs = parseAllDocuments(written).map(d => d.toJS());
    expect(docs).toHaveLength(4);
    expect(docs[1].metadata.annotations).toBeUndefined();
    expect(docs[2].metadata.annotations).toEqual({
      'backstage.io/kubernetes-id': 'checkout-svc',
    });
  });

  it('re-serialises a flow-style entity through the Document API, comments kept', async () => {
    files.set(
      ROOT_URL,
      '# Compact entry\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: checkout, annotations: {github.com/project-slug: acme/checkout}} # inline\nspec: {type: service, owner: team-checkout, lifecycle: production}\n',
    );
    const { outputs } = await run({ ...input, kubernetesId: '0123' });
    expect(outputs.edited).toBe(true);
    const written = await readWorkspace('catalog-info.yaml');
    expect(written).toContain('# Compact entry');
    expect(written).toContain('# inline');
    expect(parseAllDocuments(written)[0].toJS().metadata).toEqual({
      name: 'checkout',
      annotations: {
        'github.com/project-slug': 'acme/checkout',
        // A string, although it looks like a number.
        'backstage.io/kubernetes-id': '0123',
      },
    });
  });

  it('edits in dry runs too, and matches kind, namespace and name case-insensitively', async () => {
    files.set(ROOT_URL, catalogInfo);
    const { outputs } = await run(
      { ...input, entityRef: 'Component:Default/Checkout' },
      { isDryRun: true },
    );
    expect(outputs).toEqual({ edited: true, path: 'catalog-info.yaml' });
  });

  it('works on a GitHub Enterprise host', async () => {
    const url =
      'https://ghe.acme.example/payments/checkout/blob/main/catalog-info.yaml';
    files.set(url, catalogInfo);
    const { outputs } = await run({
      ...input,
      location: `url:${url}`,
      repoUrl: 'ghe.acme.example?owner=payments&repo=checkout',
    });
    expect(outputs).toEqual({ edited: true, path: 'catalog-info.yaml' });
  });

  describe('writes nothing and says why', () => {
    it.each([
      [
        'a catalog file in another repository',
        {
          location:
            'url:https://github.com/acme/billing/blob/main/catalog-info.yaml',
        },
        "the catalog file is in github.com/acme/billing, not in the pull request's repository github.com/acme/checkout",
      ],
      [
        'a catalog file of another owner',
        {
          location:
            'url:https://github.com/someone/checkout/blob/main/catalog-info.yaml',
        },
        'github.com/someone/checkout',
      ],
      [
        'a catalog file on another GitHub host',
        {
          location:
            'url:https://ghe.acme.example/acme/checkout/blob/main/catalog-info.yaml',
        },
        'ghe.acme.example/acme/checkout',
      ],
      [
        'a file: location',
        { location: 'file:/srv/catalog/checkout.yaml' },
        'registered from a file: location (/srv/catalog/checkout.yaml)',
      ],
      [
        'no location',
        { location: '' },
        'the entity has no backstage.io/managed-by-location',
      ],
      [
        'a host without a GitHub integration',
        {
          location:
            'url:https://gitlab.com/acme/checkout/-/blob/main/catalog-info.yaml',
        },
        'is not on a configured GitHub host',
      ],
      [
        'a GitHub URL that is no file URL',
        { location: 'url:https://github.com/acme/checkout' },
        'is not a GitHub file URL',
      ],
    ])('%s', async (_, change, reason) => {
      files.set(ROOT_URL, catalogInfo);
      const { outputs, logger } = await run({ ...input, ...change });
      expect(outputs).toEqual({
        edited: false,
        reason: expect.stringContaining(reason),
      });
      expect(reader.readUrl).not.toHaveBeenCalled();
      expect(await workspaceFiles()).toEqual([]);
      expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining(reason));
    });

    it.each([
      ['the file cannot be read', undefined, `${ROOT_URL} could not be read`],
      [
        'no document describes the entity',
        catalogInfo.replace('name: checkout', 'name: checkout-legacy'),
        'catalog-info.yaml: no document of the file describes component:default/checkout',
      ],
      [
        'the entity is of another kind',
        catalogInfo.replace('kind: Component', 'kind: Resource'),
        'no document of the file describes',
      ],
      [
        'the file already has the annotation (the catalog is behind)',
        catalogInfo.replace(
          'github.com/project-slug: acme/checkout',
          'backstage.io/kubernetes-id: checkout-v2',
        ),
        'the file already sets backstage.io/kubernetes-id ("checkout-v2")',
      ],
      [
        'the file is not valid YAML',
        `${catalogInfo}  bad: [indentation\n`,
        'the file is not valid YAML',
      ],
    ])('when %s', async (_, content, reason) => {
      if (content !== undefined) files.set(ROOT_URL, content);
      const { outputs } = await run(input);
      expect(outputs).toEqual({
        edited: false,
        reason: expect.stringContaining(reason),
      });
      expect(reader.readUrl).toHaveBeenCalledTimes(1);
      expect(await workspaceFiles()).toEqual([]);
    });
  });

  it.each([
    ['encoded slashes', 'blob/main/..%2F..%2F..%2Fetc%2Fcron.d%2Fx.yaml'],
    ['an encoded backslash', 'blob/main/..%5C..%5Cx.yaml'],
  ])(
    'refuses a location whose path would leave the workspace (%s)',
    async (_, tail) => {
      const url = `https://github.com/acme/checkout/${tail}`;
      files.set(url, catalogInfo);
      await expect(run({ ...input, location: `url:${url}` })).rejects.toThrow(
        /is not a plain repository path; refusing to write it/,
      );
      expect(reader.readUrl).not.toHaveBeenCalled();
      expect(await workspaceFiles()).toEqual([]);
    },
  );

  describe('refuses malformed input', () => {
    it.each([
      ['an entity ref without kind', { entityRef: 'checkout' }, /^entityRef: /],
      [
        'a kubernetes-id that is no label value',
        { kubernetesId: 'check out' },
        /^kubernetesId: "check out" is not a Kubernetes label value/,
      ],
      [
        'a repoUrl without repo',
        { repoUrl: 'github.com?owner=acme' },
        /^repoUrl: .*missing repo/,
      ],
      [
        'a repoUrl on a host without integration',
        { repoUrl: 'git.example.org?owner=acme&repo=checkout' },
        /^repoUrl: No matching integration configuration for host git.example.org/,
      ],
      [
        'a location that is no location reference',
        { location: 'catalog-info.yaml' },
        /^location: "catalog-info.yaml" is not a location reference/,
      ],
      [
        'a url: location that is no URL',
        { location: 'url:not a url' },
        /^location: "not a url" is not a URL/,
      ],
    ])('%s', async (_, change, message) => {
      await expect(run({ ...input, ...change })).rejects.toThrow(message);
      expect(await workspaceFiles()).toEqual([]);
    });
  });
});
