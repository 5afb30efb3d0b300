import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FakeExternalSecretsApi, fakeApi } from '../../__testUtils__/apis';
import {
  minutesAgo,
  overview,
  providerSources,
} from '../../__fixtures__/reports';
import { formatExact } from '../../lib/time';
import { ExternalSecretsApi, externalSecretsApiRef } from '../../api';
import { ExternalSecretsOverviewPage } from './ExternalSecretsOverviewPage';

/** A backend whose overview is `response`. */
const overviewApi = (response = overview()) =>
  fakeApi({ getOverview: jest.fn().mockResolvedValue(response) });

async function renderPage(api: ExternalSecretsApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[externalSecretsApiRef, api]]}>
      <ExternalSecretsOverviewPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

const lastQuery = (api: FakeExternalSecretsApi) =>
  api.getOverview.mock.calls[api.getOverview.mock.calls.length - 1][0];

describe('ExternalSecretsOverviewPage', () => {
  it('shows the findings over time of the last 30 days', async () => {
    const api = overviewApi();
    await renderPage(api);
    expect(await screen.findByText('Findings over time')).toBeInTheDocument();
    expect(
      await screen.findByTestId('findings-over-time-chart'),
    ).toHaveAccessibleName(/^Findings over 30 days, per hour: now 1 error/);
    expect(api.getFindingsOverTime).toHaveBeenCalledWith({ days: 30 });
  });

  it('renders totals, clusters, stores, findings and the first page of services', async () => {
    const api = overviewApi();
    await renderPage(api);

    expect(await screen.findByTestId('totals-services')).toHaveTextContent(
      '48',
    );
    expect(screen.getByTestId('totals-services')).toHaveTextContent('2 error');
    expect(screen.getByTestId('totals-external-secrets')).toHaveTextContent(
      '134',
    );
    expect(screen.getByTestId('totals-unassigned')).toHaveTextContent(
      '7 unassigned',
    );
    expect(screen.getByTestId('clusters-reachable')).toHaveTextContent('1/2');
    expect(screen.getByText(/ETIMEDOUT/)).toHaveTextContent(
      /^cannot reach https:\/\/prod-us\.k8s\.example\.com:6443 \(ETIMEDOUT\): check the URL and network \(data is 25 minutes old\)$/,
    );
    // An overview without provider titles or sources: the provider id and scope stand in.
    const aws = screen.getByTestId('provider-source-aws/eu-west-1');
    expect(aws).toHaveTextContent('AWSokaws/eu-west-1refreshed 4 minutes ago');
    expect(screen.getByText('billing/vault-billing')).toBeInTheDocument();
    expect(screen.getByText('InvalidProviderConfig')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Stale env vars: 6' }),
    ).toBeInTheDocument();

    expect(await screen.findByText('Billing')).toBeInTheDocument();
    const billing = screen.getByText('Billing').closest('tr')!;
    expect(billing).toHaveTextContent('3 errors');
    expect(billing).toHaveTextContent('1 warning');
    expect(billing).toHaveTextContent('prod-eu · billing');
    expect(
      within(billing).getByRole('link', { name: 'Billing' }),
    ).toHaveAttribute('href', '/catalog/default/component/billing');
    expect(screen.getByText('prod-eu, prod-us · payments')).toBeInTheDocument();

    expect(api.getOverview).toHaveBeenCalledTimes(1);
    expect(api.getOverview).toHaveBeenCalledWith({ offset: 0, limit: 20 });
  });

  it('passes filters, the debounced search and rule clicks to the API', async () => {
    const api = overviewApi();
    await renderPage(api);
    await screen.findByText('Billing');

    fireEvent.change(screen.getByLabelText('Health'), {
      target: { value: 'error' },
    });
    await waitFor(() =>
      expect(lastQuery(api)).toEqual({ health: 'error', offset: 0, limit: 20 }),
    );

    fireEvent.change(screen.getByLabelText('Cluster'), {
      target: { value: 'prod-us' },
    });
    fireEvent.change(screen.getByLabelText('Search services'), {
      target: { value: 'bill' },
    });
    await waitFor(() =>
      expect(lastQuery(api)).toEqual({
        health: 'error',
        cluster: 'prod-us',
        q: 'bill',
        offset: 0,
        limit: 20,
      }),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Sync failed: 3' }));
    await waitFor(() =>
      expect(lastQuery(api)).toMatchObject({ rule: 'sync-failed' }),
    );
    expect(screen.getByLabelText('Finding')).toHaveValue('sync-failed');
  });

  it('lists every provider source, errors first, with its state, age, error and note', async () => {
    const sources = providerSources();
    const api = overviewApi(overview({ providers: sources }));
    await renderPage(api);
    const panel = (await screen.findByText('Providers')).closest(
      '[class*="MuiCard-root"]',
    ) as HTMLElement;
    const items = within(panel).getAllByRole('listitem');
    expect(items.map(item => item.getAttribute('data-testid'))).toEqual([
      'provider-source-vault/vault.lab:8200/secret',
      'provider-source-aws/111122223333/eu-west-1',
      'provider-source-aws-parameter-store/111122223333/eu-west-1',
    ]);
    const [vault, aws, ssm] = items;
    expect(
      within(vault).getByText('HashiCorp Vault KV v2'),
    ).toBeInTheDocument();
    expect(within(vault).getByTestId('provider-state')).toHaveTextContent(
      'error',
    );
    expect(
      within(vault).getByText('lab: mount secret/ at http://127.0.0.1:8200'),
    ).toBeInTheDocument();
    expect(
      within(vault).getByText('refresh failed, data from 20 minutes ago'),
    ).toHaveAttribute(
      'title',
      `Last refreshed ${formatExact(sources[1].refreshedAt)}`,
    );
    expect(
      within(vault).getByText(
        'Vault lab: permission denied listing secret/metadata (403)',
      ),
    ).toBeInTheDocument();

    expect(within(aws).getByText('AWS Secrets Manager')).toBeInTheDocument();
    expect(within(aws).getByTestId('provider-state')).toHaveTextContent('ok');
    expect(
      within(aws).getByText('payments-prod (eu-west-1)'),
    ).toBeInTheDocument();
    expect(within(aws).getByText('refreshed 3 minutes ago')).toHaveAttribute(
      'title',
      `Last refreshed ${formatExact(sources[0].refreshedAt)}`,
    );

    expect(within(ssm).getByText('AWS Parameter Store')).toBeInTheDocument();
    expect(within(ssm).getByTestId('provider-state')).toHaveTextContent('ok');
    expect(
      within(ssm).getByText('refreshed 5 minutes ago'),
    ).toBeInTheDocument();
    expect(
      within(ssm).getByText(
        'Only parameters under /payments/ are listed: other names are not loaded',
      ),
    ).toBeInTheDocument();
  });

  it('filters by health from the totals and clears all filters', async () => {
    const api = overviewApi();
    await renderPage(api);
    await screen.findByText('Billing');

    fireEvent.click(screen.getByRole('button', { name: '2 error' }));
    await waitFor(() =>
      expect(lastQuery(api)).toEqual({ health: 'error', offset: 0, limit: 20 }),
    );
    expect(screen.getByRole('button', { name: '2 error' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByLabelText('Health')).toHaveValue('error');

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() =>
      expect(lastQuery(api)).toEqual({ offset: 0, limit: 20 }),
    );
  });

  it('links short owner and service refs and survives malformed ones', async () => {
    const api = overviewApi();
    const base = overview().services.items[0];
    api.getOverview.mockResolvedValue(
      overview({
        services: {
          items: [
            {
              ...base,
              entityRef: 'ledger',
              title: 'Ledger',
              owner: 'team-ledger',
            },
            {
              ...base,
              entityRef: 'component:default/orphan',
              title: 'Orphan',
              owner: 'group:',
            },
            {
              ...base,
              entityRef: 'component:default/broken',
              title: 'Broken',
              owner: undefined,
              // Malformed rows from an older or newer backend must not crash the page.
              rules: null as any,
              clusters: undefined as any,
              findings: undefined as any,
              // Not renderable: the cell falls back to a dash.
              health: { unexpected: true } as any,
              oldestSync: minutesAgo(5),
            },
          ],
          total: 3,
          offset: 0,
          limit: 20,
        },
      }),
    );
    await renderPage(api);

    const ledger = (await screen.findByText('Ledger')).closest('tr')!;
    expect(
      within(ledger).getByRole('link', { name: 'Ledger' }),
    ).toHaveAttribute('href', '/catalog/default/component/ledger');
    expect(
      within(ledger).getByRole('link', { name: /team-ledger/ }),
    ).toHaveAttribute('href', '/catalog/default/group/team-ledger');

    const orphan = screen.getByText('Orphan').closest('tr')!;
    expect(within(orphan).getByText('group:')).toBeInTheDocument();
    expect(within(orphan).getAllByRole('link')).toHaveLength(1);

    const broken = screen.getByText('Broken').closest('tr')!;
    // One dash for the missing owner, one for the health cell that could not render.
    expect(within(broken).getAllByText('–')).toHaveLength(2);
    expect(screen.getByTestId('totals-services')).toBeInTheDocument();
  });

  it('asks the API for the next page with offset and limit', async () => {
    const api = overviewApi();
    await renderPage(api);
    await screen.findByText('Billing');
    const pagination = screen.getByRole('button', { name: /next page/i });
    fireEvent.click(pagination);
    await waitFor(() =>
      expect(lastQuery(api)).toEqual({ offset: 20, limit: 20 }),
    );
  });

  it('shows the backend error without crashing', async () => {
    const api = overviewApi();
    const error = new Error('boom');
    api.getOverview.mockRejectedValue(error);
    await renderPage(api);
    expect(await screen.findAllByText(/boom/)).not.toHaveLength(0);
    expect(
      within(document.body).queryByTestId('totals-services'),
    ).not.toBeInTheDocument();
  });
});
