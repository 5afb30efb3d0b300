import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import { fakeApi } from './__testUtils__/apis';
import { permissionApiStub } from './__fixtures__/permissions';
import { entity, externalSecret, report } from './__fixtures__/reports';
import { externalSecretsApiRef } from './api';
import plugin from './alpha';
import { EntityExternalSecretsCard } from './components/EntityExternalSecretsCard';

describe('alpha plugin', () => {
  it('is a frontend plugin with the api, page, entity card and form field extensions', () => {
    expect(plugin.$$type).toBe('@backstage/FrontendPlugin');
    expect(plugin.pluginId).toBe('external-secrets');
    expect(plugin.getExtension('api:external-secrets')).toBeDefined();
    expect(plugin.getExtension('page:external-secrets')).toBeDefined();
    expect(plugin.getExtension('entity-card:external-secrets')).toBeDefined();
    expect(
      plugin.getExtension(
        'scaffolder-form-field:external-secrets/secret-mappings',
      ),
    ).toBeDefined();
    expect(Object.keys(plugin.routes)).toEqual(['root']);
    expect(Object.keys(plugin.externalRoutes)).toEqual(['createPipeline']);
  });

  it('mounts the page at /external-secrets with a nav title', () => {
    const tester = createExtensionTester(
      plugin.getExtension('page:external-secrets'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/external-secrets');
    expect(tester.get(coreExtensionData.title)).toBe('External Secrets');
    expect(tester.get(coreExtensionData.icon)).toBeTruthy();
  });

  it('shows the card only on components linked to clusters', () => {
    const tester = createExtensionTester(
      plugin.getExtension('entity-card:external-secrets'),
    );
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    const withAnnotations = (
      kind: string,
      annotations: Record<string, string>,
    ): Entity => ({
      ...entity,
      kind,
      metadata: { name: 'x', annotations },
    });
    expect(filter(entity)).toBe(true);
    expect(
      filter(
        withAnnotations('Component', {
          'backstage.io/kubernetes-label-selector': 'app=x',
        }),
      ),
    ).toBe(true);
    expect(filter(withAnnotations('Component', {}))).toBe(false);
    expect(
      filter(withAnnotations('API', { 'backstage.io/kubernetes-id': 'x' })),
    ).toBe(false);
  });

  it('renders the card in a new-frontend-system app', async () => {
    const api = fakeApi({
      getReport: jest
        .fn()
        .mockResolvedValue(
          report({ externalSecrets: [externalSecret({ name: 'nfs-secret' })] }),
        ),
    });
    renderInTestApp(
      <EntityProvider entity={entity}>
        <EntityExternalSecretsCard />
      </EntityProvider>,
      {
        apis: [
          [externalSecretsApiRef, api],
          [permissionApiRef, permissionApiStub(true)],
        ],
      },
    );
    expect(await screen.findByText('nfs-secret')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /New secret pipeline/ }),
    ).toHaveAttribute(
      'href',
      expect.stringMatching(
        /^\/create\/templates\/default\/external-secret-pipeline\?formData=/,
      ),
    );
  });

  it('serves the overview page at /external-secrets in a new-frontend-system app', async () => {
    // The fake backend answers with the overview and findings-over-time fixtures.
    const api = fakeApi();
    renderTestApp({
      features: [plugin],
      initialRouteEntries: ['/external-secrets'],
      apis: [[externalSecretsApiRef, api]],
    });
    // The page is loaded lazily: allow for a busy machine.
    expect(
      await screen.findByTestId('totals-services', {}, { timeout: 10_000 }),
    ).toHaveTextContent('48');
    expect(api.getOverview).toHaveBeenCalledWith({ offset: 0, limit: 20 });
  });
});
