import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { overview } from '../../__fixtures__/reports';
import { ExternalSecretsApi, externalSecretsApiRef } from '../../api';
import { ExternalSecretsOverviewPage } from './ExternalSecretsOverviewPage';

function fakeApi() {
  return {
    getReport: jest.fn(),
    getOverview: jest.fn().mockResolvedValue(overview()),
    sync: jest.fn(),
    getHistory: jest.fn(),
  } satisfies ExternalSecretsApi;
}

async function renderPage(api: ExternalSecretsApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[externalSecretsApiRef, api]]}>
      <ExternalSecretsOverviewPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

const lastQuery = (api: ReturnType<typeof fakeApi>) =>
  api.getOverview.mock.calls[api.getOverview.mock.calls.length - 1][0];

describe('ExternalSecretsOverviewPage', () => {
  it('renders totals, clusters, stores, findings and the first page of services', async () => {
    const api = fakeApi();
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
    expect(screen.getByText(/connect ETIMEDOUT/)).toHaveTextContent(
      'data is 25 minutes old',
    );
    expect(screen.getByText('AWS aws/eu-west-1')).toBeInTheDocument();
    expect(
      screen.getByText('SecretStore/billing/vault-billing'),
    ).toBeInTheDocument();
    expect(screen.getByText('InvalidProviderConfig')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Stale env vars: 6' }),
    ).toBeInTheDocument();

    expect(await screen.findByText('Billing')).toBeInTheDocument();
    expect(screen.getByText('3 errors, 1 warning')).toBeInTheDocument();
    expect(screen.getByText('prod-eu, prod-us')).toBeInTheDocument();

    expect(api.getOverview).toHaveBeenCalledTimes(1);
    expect(api.getOverview).toHaveBeenCalledWith({ offset: 0, limit: 20 });
  });

  it('passes filters, the debounced search and rule clicks to the API', async () => {
    const api = fakeApi();
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

  it('asks the API for the next page with offset and limit', async () => {
    const api = fakeApi();
    await renderPage(api);
    await screen.findByText('Billing');
    const pagination = screen.getByRole('button', { name: /next page/i });
    fireEvent.click(pagination);
    await waitFor(() =>
      expect(lastQuery(api)).toEqual({ offset: 20, limit: 20 }),
    );
  });

  it('shows the backend error without crashing', async () => {
    const api = fakeApi();
    const error = new Error('boom');
    api.getOverview.mockRejectedValue(error);
    await renderPage(api);
    expect(await screen.findAllByText(/boom/)).not.toHaveLength(0);
    expect(
      within(document.body).queryByTestId('totals-services'),
    ).not.toBeInTheDocument();
  });
});
