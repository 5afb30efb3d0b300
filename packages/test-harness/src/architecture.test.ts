import fs from 'node:fs';
import path from 'node:path';

/**
 * The import rules docs/architecture.md states, checked so they stay true: which workspace
 * packages each package may import, and, inside the larger packages, which of its folders may
 * import which. Tests and test utilities are exempt (a test may reach anything it checks).
 */

const ROOT = path.resolve(__dirname, '../../..');

/** Workspace packages (by folder) and the workspace packages their source may import. */
const PACKAGE_IMPORTS: Record<string, string[]> = {
  'plugins/external-secrets-common': [],
  'plugins/external-secrets-node': ['plugins/external-secrets-common'],
  'plugins/external-secrets-backend': [
    'plugins/external-secrets-common',
    'plugins/external-secrets-node',
  ],
  'plugins/external-secrets-backend-module-aws-parameter-store': [
    'plugins/external-secrets-common',
    'plugins/external-secrets-node',
  ],
  'plugins/external-secrets-backend-module-vault': [
    'plugins/external-secrets-common',
    'plugins/external-secrets-node',
  ],
  'plugins/scaffolder-backend-module-external-secrets': [
    'plugins/external-secrets-common',
    'plugins/external-secrets-node',
  ],
  'plugins/external-secrets': ['plugins/external-secrets-common'],
  'packages/external-secrets-drift': [
    'plugins/external-secrets-common',
    'plugins/external-secrets-node',
  ],
};

/**
 * Folder layers of a package's `src/`, lowest first. A folder may import its own files and
 * folders of lower layers only; folders in one layer are independent of each other. A layer may
 * also name a file directly in `src/` (`routes.ts`); other files there (the entry points and
 * the plugin's wiring) sit above every layer.
 */
const FOLDER_LAYERS: Record<string, string[][]> = {
  'plugins/external-secrets-common': [
    ['types', 'time', 'text', 'signals'],
    ['kubernetes'],
    ['providers'],
    ['rules'],
    ['engine'],
    ['dumps'],
  ],
  'plugins/external-secrets-backend': [
    ['lib', 'database', 'schema'],
    ['clusters', 'catalog'],
    ['sources', 'providers', 'history'],
    ['config', 'evaluation'],
    ['readModel'],
    ['permissions'],
    ['service', 'metrics', 'notifications', 'signals', 'demo'],
    ['router', 'extensions', 'tasks'],
  ],
  'plugins/external-secrets-node': [
    ['manifests', 'clusters', 'providers'],
    ['aws'],
  ],
  'plugins/scaffolder-backend-module-external-secrets': [
    ['model'],
    ['rules', 'manifests', 'aws', 'catalogInfo'],
    ['actions'],
  ],
  'plugins/external-secrets': [
    ['schema', 'lib', 'routes.ts'],
    ['api'],
    ['hooks'],
    ['components'],
  ],
};

const TEST_FILE =
  /(\.test\.tsx?|\/__testUtils__\/.*|\/__fixtures__\/.*|\/setupTests\.ts)$/;

function sourceFiles(pkg: string): string[] {
  const src = path.join(ROOT, pkg, 'src');
  return fs
    .readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter(name => /\.tsx?$/.test(name))
    .map(name => path.join(src, name))
    .filter(file => !TEST_FILE.test(file.split(path.sep).join('/')));
}

/** Static imports and re-exports, and relative lazy imports (`import('./Chart')`). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found = [
    ...text.matchAll(/\bfrom\s+'([^']+)'/g),
    ...text.matchAll(/\bimport\(\s*'(\.[^']*)'\s*\)/g),
  ];
  return found.map(m => m[1]);
}

/** Workspace packages no published package may import: test helpers, the portal, the e2e suite. */
const NEVER_IMPORTED = [
  'packages/test-harness',
  'packages/cluster-e2e',
  'packages/app',
  'packages/backend',
];

function workspacePackages(): Map<string, string> {
  const byName = new Map<string, string>();
  for (const dir of [...Object.keys(PACKAGE_IMPORTS), ...NEVER_IMPORTED]) {
    const { name } = JSON.parse(
      fs.readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8'),
    );
    byName.set(name, dir);
  }
  return byName;
}

/**
 * Where under `src/` a file or import target sits: its first folder, or, for a file directly in
 * `src/` that a layer names (`routes.ts`), that file; undefined for the entry points and wiring.
 */
function placeOf(
  pkg: string,
  target: string,
  layerOf: Map<string, number>,
): string | undefined {
  const src = path.join(ROOT, pkg, 'src');
  const [first, ...rest] = path.relative(src, target).split(path.sep);
  const isFolder = fs
    .statSync(path.join(src, first), { throwIfNoEntry: false })
    ?.isDirectory();
  if (rest.length > 0 || isFolder) return first;
  const base = first.replace(/\.tsx?$/, '');
  return [`${base}.ts`, `${base}.tsx`].find(name => layerOf.has(name));
}

/**
 * Benchmarks use the packages as their users do, through the package exports. The one exception
 * times the history store's queries on their own, below the service's public routes.
 */
const BENCH_REACHING_INTO_SOURCE = ['bench/history-timeline.ts'];

describe('architecture', () => {
  const packages = workspacePackages();

  it.each(Object.entries(PACKAGE_IMPORTS))(
    '%s imports only the workspace packages below it',
    (pkg, allowed) => {
      const wrong = sourceFiles(pkg).flatMap(file =>
        importsOf(file).flatMap(spec => {
          const name = spec.startsWith('@')
            ? spec.split('/').slice(0, 2).join('/')
            : spec.split('/')[0];
          const dir = packages.get(name);
          return dir && dir !== pkg && !allowed.includes(dir)
            ? [`${path.relative(ROOT, file)} imports ${spec}`]
            : [];
        }),
      );
      expect(wrong).toEqual([]);
    },
  );

  it.each(Object.entries(FOLDER_LAYERS))(
    "%s: each folder imports only its own files and lower layers' folders",
    (pkg, layers) => {
      const layerOf = new Map(
        layers.flatMap((folders, i) => folders.map(f => [f, i] as const)),
      );
      const src = path.join(ROOT, pkg, 'src');
      const folders = fs
        .readdirSync(src, { withFileTypes: true })
        .filter(d => d.isDirectory() && !d.name.startsWith('__'))
        .map(d => d.name);
      // Every folder has a place, so a new one is placed on purpose (and in the document).
      expect(folders.filter(f => !layerOf.has(f))).toEqual([]);

      const wrong = sourceFiles(pkg).flatMap(file => {
        const from = placeOf(pkg, file, layerOf);
        return importsOf(file).flatMap(spec => {
          if (!spec.startsWith('.')) return [];
          if (/\/__(testUtils|fixtures)__(\/|$)/.test(spec))
            return [`${path.relative(src, file)} imports test code ${spec}`];
          if (from === undefined) return [];
          const to = placeOf(
            pkg,
            path.resolve(path.dirname(file), spec),
            layerOf,
          );
          if (to === from) return [];
          const ok = to !== undefined && layerOf.get(to)! < layerOf.get(from)!;
          return ok ? [] : [`${path.relative(src, file)} imports ${spec}`];
        });
      });
      expect(wrong).toEqual([]);
    },
  );

  it('bench/ imports packages through their exports', () => {
    const bench = path.join(ROOT, 'bench');
    const wrong = fs
      .readdirSync(bench, { recursive: true, encoding: 'utf8' })
      .filter(name => /\.tsx?$/.test(name))
      .map(name => path.join(bench, name))
      .filter(
        file => !BENCH_REACHING_INTO_SOURCE.includes(path.relative(ROOT, file)),
      )
      .flatMap(file =>
        importsOf(file)
          .filter(spec => /(^|\/)(plugins|packages)\/[^/]+\/src\//.test(spec))
          .map(spec => `${path.relative(ROOT, file)} imports ${spec}`),
      );
    expect(wrong).toEqual([]);
  });
});
