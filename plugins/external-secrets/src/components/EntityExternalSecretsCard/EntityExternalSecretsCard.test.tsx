import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
} from '@eso-health/plugin-external-secrets-common';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { ExternalSecretsBackendMissingError } from '../../api';
import {
  fakeApi,
  renderWithApis,
  settle,
  syncResponse,
} from '../../__testUtils__/apis';
import { responseError } from '../../__fixtures__/errors';
import {
  driftingSecret,
  entity,
  entityWithoutAnnotation,
  externalSecret,
  minutesAgo,
  providerSources,
  providerSourceSecrets,
  report,
  unreachableCluster,
} from '../../__fixtures__/reports';
import { createPipelineRouteRef } from '../../routes';
import { EntityExternalSecretsCard } from './EntityExternalSecretsCard';

function renderCard(
  options: { entity?: Entity } & Parameters<typeof renderWithApis>[1] = {},
) {
  return renderWithApis(
    <EntityProvider entity={options.entity ?? entity}>
      <EntityExternalSecretsCard />
    </EntityProvider>,
    options,
  );
}

describe('EntityExternalSecretsCard', () => {
  it('shows progress while the report loads', async () => {
    const api = fakeApi({
      getReport: jest.fn(() => new Promise<never>(() => {})),
    });
    await renderCard({ api });
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    expect(api.getReport).toHaveBeenCalledWith('component:default/payments');
  });

  it('explains the annotation when the entity has none, without calling the backend', async () => {
    const api = fakeApi();
    await renderCard({ api, entity: entityWithoutAnnotation });
    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(
      screen.getAllByText(new RegExp(KUBERNETES_ID_ANNOTATION)).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByText(KUBERNETES_LABEL_SELECTOR_ANNOTATION),
    ).toBeInTheDocument();
    expect(api.getReport).not.toHaveBeenCalled();
  });

  // The card, isExternalSecretsAvailable and the backend read the same annotations: common's.
  it.each([
    [KUBERNETES_ID_ANNOTATION, 'payments'],
    [KUBERNETES_LABEL_SELECTOR_ANNOTATION, 'app=payments'],
  ])(
    "loads the report of an entity linked by common's %s",
    async (key, value) => {
      const api = fakeApi();
      await renderCard({
        api,
        entity: {
          ...entityWithoutAnnotation,
          metadata: { name: 'payments', annotations: { [key]: value } },
        },
      });
      expect(
        await screen.findByTestId('es-row-prod-eu/payments/payments-db'),
      ).toBeInTheDocument();
      expect(api.getReport).toHaveBeenCalledWith('component:default/payments');
    },
  );

  it('offers the pipeline template, which adds the annotation, when the entity has none', async () => {
    await renderCard({ entity: entityWithoutAnnotation });
    const link = await screen.findByRole('button', {
      name: /New secret pipeline/,
    });
    const formData = JSON.parse(
      new URL(link.getAttribute('href')!, 'http://x').searchParams.get(
        'formData',
      )!,
    );
    expect(formData.entity).toBe(stringifyEntityRef(entityWithoutAnnotation));
  });

  it('explains how ExternalSecrets are found when none matched', async () => {
    const api = fakeApi({
      getReport: jest.fn().mockResolvedValue(report({ externalSecrets: [] })),
    });
    await renderCard({ api });
    expect(
      await screen.findByText('No ExternalSecrets found for this service'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('backstage.io/kubernetes-id=payments'),
    ).toBeInTheDocument();
    expect(screen.getByText(/reads its target Secret/)).toBeInTheDocument();
  });

  it('renders a healthy service: one row per ExternalSecret with sync details', async () => {
    const api = fakeApi();
    await renderCard({ api });
    const row = await screen.findByTestId(
      'es-row-prod-eu/payments/payments-db',
    );
    const cells = within(row);
    expect(
      cells.getByText('payments-db', { selector: 'strong' }),
    ).toBeInTheDocument();
    expect(cells.getByText('prod-eu/payments')).toBeInTheDocument();
    expect(cells.getByText('→ Secret payments-db')).toBeInTheDocument();
    expect(cells.getByText('ClusterSecretStore aws-prod')).toBeInTheDocument();
    expect(cells.getByText('3 minutes ago')).toBeInTheDocument();
    expect(cells.getByText('every 1h')).toBeInTheDocument();
    expect(cells.getByText('Healthy')).toBeInTheDocument();
    expect(cells.getByText('None')).toBeInTheDocument();
    expect(screen.getAllByTestId('health-healthy')).toHaveLength(2); // header + row
    expect(screen.getByTestId('es-summary')).toHaveTextContent(
      '1 ExternalSecret · all healthy · updated just now',
    );
    // A report without provider titles or sources: the provider id and scope stand in.
    expect(cells.getByTestId('store-provider')).toHaveTextContent('· AWS');
    expect(cells.queryByTestId('store-source')).not.toBeInTheDocument();
    expect(
      screen.getByTestId('provider-source-aws/eu-west-1'),
    ).toHaveTextContent(
      'AWS · aws/eu-west-1 · ok · metadata refreshed 3 minutes ago',
    );
  });

  it('shows the exact sync time on hover', async () => {
    const api = fakeApi();
    await renderCard({ api });
    const relative = await screen.findByText('3 minutes ago');
    fireEvent.mouseOver(relative);
    expect(
      await screen.findByText(/^Last successful sync: \d{4}-\d\d-\d\d /),
    ).toBeInTheDocument();
  });

  it('sums up the rows in the header and lists the worst first', async () => {
    const api = fakeApi({
      getReport: jest.fn().mockResolvedValue(
        report({
          health: 'error',
          externalSecrets: [
            externalSecret({ name: 'a-healthy' }),
            { ...driftingSecret, name: 'b-warning' },
            externalSecret({ name: 'c-error', health: 'error' }),
          ],
        }),
      ),
    });
    await renderCard({ api });
    expect(await screen.findByTestId('es-summary')).toHaveTextContent(
      '3 ExternalSecrets · 1 error · 1 warning',
    );
    const names = screen
      .getAllByRole('row')
      .map(row => row.getAttribute('data-testid'))
      .filter(Boolean);
    expect(names).toEqual([
      'es-row-prod-eu/payments/c-error',
      'es-row-prod-eu/payments/b-warning',
      'es-row-prod-eu/payments/a-healthy',
    ]);
  });

  it('marks a store that is not ready and shows "once" for refreshInterval 0', async () => {
    const api = fakeApi({
      getReport: jest.fn().mockResolvedValue(
        report({
          externalSecrets: [
            externalSecret({
              refreshInterval: 0,
              store: { kind: 'SecretStore', name: 'vault', ready: false },
            }),
          ],
        }),
      ),
    });
    await renderCard({ api });
    expect(await screen.findByText('not ready')).toBeInTheDocument();
    expect(screen.getByText('SecretStore vault')).toBeInTheDocument();
    expect(screen.getByText('once')).toBeInTheDocument();
  });

  it('shows drift findings as chips, with the remedy and workloads on expand', async () => {
    const api = fakeApi({
      getReport: jest
        .fn()
        .mockResolvedValue(
          report({ health: 'warning', externalSecrets: [driftingSecret] }),
        ),
    });
    await renderCard({ api });
    const chip = await screen.findByRole('button', { name: 'Stale env vars' });
    expect(chip).toHaveAttribute('data-severity', 'warning');
    expect(
      screen.queryByText(
        'kubectl rollout restart deployment/payments-api -n payments',
      ),
    ).not.toBeInTheDocument();

    fireEvent.click(chip);

    expect(
      await screen.findByText(
        'kubectl rollout restart deployment/payments-api -n payments',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Restart the workload so its containers read the new value.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/container api: reads it as envFrom/),
    ).toBeInTheDocument();
    expect(screen.getByText('deployment/payments-api')).toBeInTheDocument();
    expect(
      within(screen.getByTestId('finding-stale-env')).getByText(
        /reads payments-api-key as env vars/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Hide details of payments-api-key' }),
    ).toHaveAttribute('aria-expanded', 'true');
  });

  it('shows a cluster error inline and keeps the rows', async () => {
    const api = fakeApi({
      getReport: jest.fn().mockResolvedValue(
        report({
          clusters: [
            { name: 'prod-eu', status: 'ok', lastUpdated: minutesAgo(0) },
            unreachableCluster(12),
          ],
          externalSecrets: [
            externalSecret(),
            externalSecret({ cluster: 'prod-us' }),
          ],
        }),
      ),
    });
    await renderCard({ api });
    const alert = await screen.findByTestId('cluster-error-prod-us');
    // The age is said once, by the card.
    expect(alert).toHaveTextContent(
      /^Cluster prod-us: cannot reach https:\/\/prod-us\.k8s\.example\.com:6443 \(ETIMEDOUT\): check the URL and network \(data is 12 minutes old\)$/,
    );
    expect(
      screen.getByTestId('es-row-prod-eu/payments/payments-db'),
    ).toBeInTheDocument();
    expect(
      screen.getByTestId('es-row-prod-us/payments/payments-db'),
    ).toBeInTheDocument();
  });

  it.each([
    [
      'keeps the last good listing',
      minutesAgo(20),
      'Drift checks against the provider use data from 20 minutes ago.',
    ],
    [
      'never refreshed',
      null,
      'It has never been read, so no provider drift is checked yet.',
    ],
  ])(
    'says how old the provider data is when its refresh failed (%s)',
    async (_, refreshedAt, expected) => {
      const denied =
        'AWS account prod (eu-west-1): access denied to secretsmanager:ListSecrets';
      const api = fakeApi({
        getReport: jest.fn().mockResolvedValue(
          report({
            providers: [
              {
                provider: 'aws',
                scope: 'aws/prod/eu-west-1',
                status: 'error',
                error: denied,
                refreshedAt,
              },
            ],
          }),
        ),
      });
      await renderCard({ api });
      const alert = await screen.findByText(/could not be refreshed/);
      expect(alert).toHaveTextContent(denied);
      expect(alert).toHaveTextContent(expected);
    },
  );

  it('shows the provider and source freshness of each row and every source of the report', async () => {
    const api = fakeApi({
      getReport: jest.fn().mockResolvedValue(
        report({
          providers: providerSources(),
          externalSecrets: providerSourceSecrets(),
        }),
      ),
    });
    await renderCard({ api });

    const vault = await screen.findByTestId(
      'es-row-prod-eu/payments/payments-vault',
    );
    expect(vault).toHaveTextContent(
      'SecretStore vault-lab· HashiCorp Vault KV v2',
    );
    expect(within(vault).getByTestId('store-source')).toHaveTextContent(
      'metadata refresh failed, data from 20 minutes ago',
    );
    expect(within(vault).getByText('Healthy')).toBeInTheDocument();
    expect(
      within(
        screen.getByTestId('es-row-prod-eu/payments/payments-db'),
      ).getByTestId('store-source'),
    ).toHaveTextContent('metadata refreshed 3 minutes ago');
    expect(
      within(
        screen.getByTestId('es-row-prod-eu/payments/payments-flags'),
      ).getByTestId('store-provider'),
    ).toHaveTextContent('AWS Parameter Store');

    expect(
      screen.getByText(
        /HashiCorp Vault KV v2 metadata .* could not be refreshed/,
      ),
    ).toHaveTextContent(
      'HashiCorp Vault KV v2 metadata (lab: mount secret/ at http://127.0.0.1:8200) could not be refreshed: Vault lab: permission denied listing secret/metadata (403).',
    );
    // Every source of the report, errors first; ProviderFreshness.test covers what a line says.
    expect(
      within(screen.getByRole('list', { name: 'Provider sources' }))
        .getAllByRole('listitem')
        .map(item => item.getAttribute('data-testid')),
    ).toEqual([
      'provider-source-vault/vault.lab:8200/secret',
      'provider-source-aws/111122223333/eu-west-1',
      'provider-source-aws-parameter-store/111122223333/eu-west-1',
    ]);
  });

  it('hides "Sync now" without the sync permission', async () => {
    // Decided per ExternalSecret (`<cluster>:<namespace>/<name>`). usePermission caches
    // decisions per resource ref across renders: use another cluster.
    const base = report();
    const api = fakeApi({
      getReport: jest.fn().mockResolvedValue({
        ...base,
        externalSecrets: base.externalSecrets.map(es => ({
          ...es,
          cluster: 'restricted',
        })),
      }),
    });
    const { authorize } = await renderCard({ api, canSync: false });
    await screen.findByTestId('es-row-restricted/payments/payments-db');
    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith(
        expect.objectContaining({
          resourceRef: 'restricted:payments/payments-db',
        }),
      ),
    );
    // Let the decision render before asserting.
    await settle();
    expect(
      screen.queryByRole('button', { name: /^Sync .* now$/ }),
    ).not.toBeInTheDocument();
  });

  it('syncs on click, reports the result and reloads the report', async () => {
    const api = fakeApi();
    await renderCard({ api });
    const button = await screen.findByRole('button', {
      name: 'Sync payments-db now',
    });
    fireEvent.mouseOver(button);
    expect(await screen.findByText('Sync now')).toBeInTheDocument();
    fireEvent.click(button);
    await waitFor(() =>
      expect(api.sync).toHaveBeenCalledWith({
        cluster: 'prod-eu',
        namespace: 'payments',
        name: 'payments-db',
      }),
    );
    expect(
      await screen.findByText(/Sync requested for payments-db/),
    ).toBeInTheDocument();
    await waitFor(() => expect(api.getReport).toHaveBeenCalledTimes(2));
  });

  it('loads the history of a row only when it is expanded', async () => {
    const api = fakeApi();
    await renderCard({ api });
    await screen.findByTestId('es-row-prod-eu/payments/payments-db');
    await settle();
    expect(api.getHistory).not.toHaveBeenCalled();

    fireEvent.click(
      screen.getByRole('button', { name: 'Show details of payments-db' }),
    );

    const lines = await screen.findAllByTestId('history-event');
    expect(lines[0]).toHaveTextContent(
      'Synced3 minutes agoESO synced from the provider',
    );
    expect(api.getHistory).toHaveBeenCalledTimes(1);
  });

  it('keeps the card when the history is not found', async () => {
    const notFound = await responseError(
      404,
      'NotFoundError',
      "No ExternalSecret payments/payments-db in cluster 'prod-eu' and no history for it",
    );
    const api = fakeApi({ getHistory: jest.fn().mockRejectedValue(notFound) });
    await renderCard({ api });
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Show details of payments-db',
      }),
    );
    expect(await screen.findByTestId('history-error')).toHaveTextContent(
      /the backend does not know this ExternalSecret/,
    );
    expect(
      screen.getByTestId('es-row-prod-eu/payments/payments-db'),
    ).toHaveTextContent('payments-db');
    expect(screen.getByTestId('es-summary')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Sync payments-db now' }),
    ).toBeEnabled();
  });

  it('reloads the history of an expanded row after "Sync now"', async () => {
    const api = fakeApi();
    await renderCard({ api });
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Show details of payments-db',
      }),
    );
    await screen.findAllByTestId('history-event');
    expect(api.getHistory).toHaveBeenCalledTimes(1);

    fireEvent.click(
      screen.getByRole('button', { name: 'Sync payments-db now' }),
    );

    await screen.findByText(/Sync requested for payments-db/);
    await waitFor(() => expect(api.getHistory).toHaveBeenCalledTimes(2));
  });

  it('disables the Sync button while a sync is pending', async () => {
    let finish: () => void = () => {};
    const api = fakeApi({
      sync: jest.fn(
        () =>
          new Promise<any>(resolve => {
            finish = () => resolve(syncResponse());
          }),
      ),
    });
    await renderCard({ api });
    const button = await screen.findByRole('button', {
      name: 'Sync payments-db now',
    });
    fireEvent.click(button);
    await waitFor(() => expect(button).toBeDisabled());
    await act(async () => finish());
    await waitFor(() => expect(button).not.toBeDisabled());
  });

  it("shows the server's message when a sync is refused", async () => {
    const refusal = await responseError(
      400,
      'InputError',
      'payments-db has refreshPolicy CreatedOnce: delete the target Secret to make ESO recreate it.',
    );
    const api = fakeApi({ sync: jest.fn().mockRejectedValue(refusal) });
    await renderCard({ api });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Sync payments-db now' }),
    );
    expect(
      await screen.findByText(
        /delete the target Secret to make ESO recreate it/,
      ),
    ).toBeInTheDocument();
  });

  it('links "New secret pipeline" to the template, pre-filled, with a fallback path', async () => {
    await renderCard();
    const link = await screen.findByRole('button', {
      name: /New secret pipeline/,
    });
    const formData = encodeURIComponent(
      JSON.stringify({
        entity: 'component:default/payments',
        owner: 'group:default/team-pay',
      }),
    );
    expect(link).toHaveAttribute(
      'href',
      `/create/templates/default/external-secret-pipeline?formData=${formData}`,
    );
  });

  it('pre-fills a short owner ref as a full group ref', async () => {
    await renderCard({
      entity: { ...entity, spec: { ...entity.spec, owner: 'team-pay' } },
    });
    const link = await screen.findByRole('button', {
      name: /New secret pipeline/,
    });
    const formData = new URL(
      link.getAttribute('href')!,
      'http://localhost',
    ).searchParams.get('formData');
    expect(JSON.parse(formData!)).toEqual({
      entity: 'component:default/payments',
      owner: 'group:default/team-pay',
    });
  });

  it('uses the bound scaffolder route for "New secret pipeline"', async () => {
    await renderCard({
      mountedRoutes: {
        '/scaffolder/templates/:namespace/:templateName':
          createPipelineRouteRef,
      },
    });
    const link = await screen.findByRole('button', {
      name: /New secret pipeline/,
    });
    expect(link.getAttribute('href')).toMatch(
      /^\/scaffolder\/templates\/default\/external-secret-pipeline\?formData=/,
    );
  });

  it('says the backend is not installed', async () => {
    const api = fakeApi({
      getReport: jest
        .fn()
        .mockRejectedValue(new ExternalSecretsBackendMissingError()),
    });
    await renderCard({ api });
    expect(
      await screen.findByText(/External Secrets backend not installed/),
    ).toBeInTheDocument();
  });
});
