import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fakeApi, renderWithApis, settle } from '../../__testUtils__/apis';
import { responseError } from '../../__fixtures__/errors';
import {
  driftingSecret,
  externalSecret,
  providerSources,
  providerSourceSecrets,
} from '../../__fixtures__/reports';
import { ExternalSecretsApi } from '../../api';
import { formatExact } from '../../lib/time';
import {
  ExternalSecretsTable,
  ExternalSecretsTableProps,
} from './ExternalSecretsTable';

// The card measures itself; jsdom has no layout, so the measured width is set here.
let mockWidth = 0;
jest.mock('react-use/esm/useMeasure', () => ({
  __esModule: true,
  default: () => [() => {}, { width: mockWidth }],
}));

/**
 * The table, 720 px wide unless `width` says otherwise, in an app with a fake backend client
 * (rows load their history from it); it shows payments-db unless `props` say otherwise.
 * `rerender` changes some props and keeps the others.
 */
async function renderTable(
  props: Partial<ExternalSecretsTableProps> = {},
  options: { width?: number; api?: ExternalSecretsApi } = {},
) {
  mockWidth = options.width ?? 720;
  const table = (next: Partial<ExternalSecretsTableProps>) => (
    <ExternalSecretsTable
      externalSecrets={[externalSecret()]}
      now={new Date()}
      {...props}
      {...next}
    />
  );
  const rendered = await renderWithApis(table({}), { api: options.api });
  return {
    ...rendered,
    rerender: (next: Partial<ExternalSecretsTableProps>) =>
      rendered.rerender(table(next)),
  };
}

describe('ExternalSecretsTable layout', () => {
  it('uses separate columns in a wide card', async () => {
    await renderTable();
    expect(
      screen.getByRole('columnheader', { name: 'Last sync' }),
    ).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Health' })).toBeTruthy();
    expect(screen.queryByRole('columnheader', { name: 'Status' })).toBeNull();
  });

  it('folds last sync and health into two columns in a narrow card', async () => {
    await renderTable(
      { externalSecrets: [driftingSecret], onSync: jest.fn() },
      { width: 480 },
    );
    expect(screen.getByRole('columnheader', { name: 'Status' })).toBeTruthy();
    expect(
      screen.queryByRole('columnheader', { name: 'Last sync' }),
    ).toBeNull();
    const row = screen.getByTestId('es-row-prod-eu/payments/payments-api-key');
    expect(row).toHaveTextContent(/synced 3 minutes ago · every 15m/);
    expect(within(row).getByText('Warning')).toBeInTheDocument();
    expect(
      within(row).getByRole('button', { name: 'Stale env vars' }),
    ).toBeInTheDocument();
    expect(
      within(row).getByRole('button', { name: 'Sync payments-api-key now' }),
    ).toBeInTheDocument();
  });
});

describe('ExternalSecretsTable history', () => {
  const healthyKey = 'prod-eu/payments/payments-db';

  it('fetches the history of a row only when it is expanded, healthy rows included', async () => {
    const api = fakeApi();
    await renderTable(
      { externalSecrets: [externalSecret(), driftingSecret] },
      { api },
    );
    await settle();
    expect(api.getHistory).not.toHaveBeenCalled();
    expect(screen.queryByTestId('history')).not.toBeInTheDocument();

    fireEvent.click(
      screen.getByRole('button', { name: 'Show details of payments-db' }),
    );

    const section = await screen.findByTestId('history');
    expect(api.getHistory).toHaveBeenCalledTimes(1);
    expect(api.getHistory).toHaveBeenCalledWith({
      cluster: 'prod-eu',
      namespace: 'payments',
      name: 'payments-db',
      limit: 10,
    });
    const lines = await within(section).findAllByTestId('history-event');
    expect(lines.map(line => line.textContent)).toEqual([
      'Synced3 minutes agoESO synced from the provider',
      'Sync requested1 hour agosync requested',
      'Secret data changed2 hours agoSecret payments-db data changed',
      'Health changed5 hours agowarning → healthy',
    ]);
    expect(
      within(screen.getByTestId(`es-details-${healthyKey}`)).queryByTestId(
        /^finding-/,
      ),
    ).not.toBeInTheDocument();
  });

  it('draws the 30-day timeline of a row above its event list, loaded on expand', async () => {
    const api = fakeApi();
    await renderTable({}, { api });
    await settle();
    expect(api.getTimeline).not.toHaveBeenCalled();
    fireEvent.click(
      screen.getByRole('button', { name: 'Show details of payments-db' }),
    );
    const chart = await screen.findByRole('figure', { name: /^30 days: / });
    expect(api.getTimeline).toHaveBeenCalledWith(
      { cluster: 'prod-eu', namespace: 'payments', name: 'payments-db' },
      { days: 30 },
    );
    expect(chart).toHaveAccessibleName(
      '30 days: 1 provider change, 6 syncs, 1 Secret change, 1 workload restart, 1 sync request, 2 health changes; healthy now.',
    );
    // The compact list of recent events stays below the chart.
    const section = screen.getByTestId('history');
    const list = within(section).getAllByTestId('history-event')[0];
    expect(
      chart.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });

  it('keeps the history when the row is collapsed and opened again', async () => {
    const api = fakeApi();
    await renderTable({}, { api });
    fireEvent.click(
      screen.getByRole('button', { name: 'Show details of payments-db' }),
    );
    await screen.findAllByTestId('history-event');
    fireEvent.click(
      screen.getByRole('button', { name: 'Hide details of payments-db' }),
    );
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Show details of payments-db',
      }),
    );
    expect(await screen.findAllByTestId('history-event')).toHaveLength(4);
    await settle();
    expect(api.getHistory).toHaveBeenCalledTimes(1);
  });

  it('shows the history below the findings of a drifting row', async () => {
    const api = fakeApi({
      getHistory: jest.fn().mockResolvedValue({ items: [] }),
    });
    await renderTable({ externalSecrets: [driftingSecret] }, { api });
    fireEvent.click(screen.getByRole('button', { name: 'Stale env vars' }));
    const details = await screen.findByTestId(
      'es-details-prod-eu/payments/payments-api-key',
    );
    await within(details).findByText(/^No history recorded yet/);
    const sections = Array.from(
      details.querySelectorAll('[data-testid="finding-stale-env"], section'),
    ).map(el => el.getAttribute('data-testid'));
    expect(sections).toEqual(['finding-stale-env', 'history']);
    expect(api.getHistory).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'payments-api-key' }),
    );
  });

  it('shows a failed load inside the details and leaves the row working', async () => {
    const api = fakeApi({
      getHistory: jest
        .fn()
        .mockRejectedValue(
          await responseError(403, 'NotAllowedError', 'Unauthorized'),
        ),
    });
    const onSync = jest.fn();
    await renderTable({ externalSecrets: [driftingSecret], onSync }, { api });
    fireEvent.click(
      screen.getByRole('button', { name: 'Show details of payments-api-key' }),
    );
    expect(await screen.findByTestId('history-error')).toHaveTextContent(
      'You are not allowed to see the history of this ExternalSecret.',
    );
    const row = screen.getByTestId('es-row-prod-eu/payments/payments-api-key');
    expect(within(row).getByText('payments-api-key')).toBeInTheDocument();
    expect(screen.getByTestId('finding-stale-env')).toBeInTheDocument();
    expect(
      screen.queryByText(/Could not show ExternalSecret/),
    ).not.toBeInTheDocument();
    fireEvent.click(
      within(row).getByRole('button', { name: 'Sync payments-api-key now' }),
    );
    expect(onSync).toHaveBeenCalledTimes(1);
  });

  it('reloads the history of an open row after a successful sync', async () => {
    const api = fakeApi();
    const es = externalSecret();
    const { rerender } = await renderTable(
      { externalSecrets: [es], syncCount: () => 0 },
      { api },
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Show details of payments-db' }),
    );
    await screen.findAllByTestId('history-event');
    expect(api.getHistory).toHaveBeenCalledTimes(1);

    rerender({ syncCount: () => 1 });

    await waitFor(() => expect(api.getHistory).toHaveBeenCalledTimes(2));
  });
});

describe('ExternalSecretsTable provider sources', () => {
  const row = (name: string) =>
    screen.getByTestId(`es-row-prod-eu/payments/${name}`);

  it('shows the provider of each store and the freshness of its source, a failed one without blanking the row', async () => {
    const sources = providerSources();
    await renderTable({
      externalSecrets: providerSourceSecrets(),
      providers: sources,
    });

    const aws = row('payments-db');
    expect(within(aws).getByTestId('store-provider')).toHaveTextContent(
      '· AWS Secrets Manager',
    );
    const awsSource = within(aws).getByTestId('store-source');
    expect(awsSource).toHaveTextContent('metadata refreshed 3 minutes ago');
    expect(awsSource).toHaveAttribute(
      'title',
      `AWS Secrets Manager metadata of payments-prod (eu-west-1). Last refreshed ${formatExact(
        sources[0].refreshedAt,
      )}.`,
    );

    const vault = row('payments-vault');
    expect(within(vault).getByTestId('store-provider')).toHaveTextContent(
      '· HashiCorp Vault KV v2',
    );
    const vaultSource = within(vault).getByTestId('store-source');
    expect(vaultSource).toHaveTextContent(
      'metadata refresh failed, data from 20 minutes ago',
    );
    expect(vaultSource.getAttribute('title')).toContain(
      'Could not be refreshed: Vault lab: permission denied listing secret/metadata (403).',
    );
    expect(within(vault).getByText('payments-vault')).toBeInTheDocument();
    expect(within(vault).getByText('Healthy')).toBeInTheDocument();
    expect(within(vault).getByText('3 minutes ago')).toBeInTheDocument();

    const ssm = row('payments-flags');
    expect(within(ssm).getByTestId('store-provider')).toHaveTextContent(
      '· AWS Parameter Store',
    );
    const ssmSource = within(ssm).getByTestId('store-source');
    expect(ssmSource).toHaveTextContent('metadata refreshed 5 minutes ago');
    expect(ssmSource.getAttribute('title')).toContain(
      'Only parameters under /payments/ are listed',
    );
  });

  it('falls back to the provider id without titles or sources', async () => {
    await renderTable({
      externalSecrets: [
        externalSecret(),
        externalSecret({
          name: 'payments-unknown',
          store: { kind: 'SecretStore', name: 'legacy', ready: true },
        }),
      ],
    });
    const aws = row('payments-db');
    expect(within(aws).getByTestId('store-provider')).toHaveTextContent(
      '· AWS',
    );
    expect(within(aws).queryByTestId('store-source')).not.toBeInTheDocument();
    const unknown = row('payments-unknown');
    expect(unknown).toHaveTextContent('SecretStore legacy');
    expect(
      within(unknown).queryByTestId('store-provider'),
    ).not.toBeInTheDocument();
  });

  it('shows no freshness when the named source is not in the report', async () => {
    await renderTable({
      externalSecrets: providerSourceSecrets().slice(0, 1),
      providers: [],
    });
    const aws = row('payments-db');
    expect(aws).toHaveTextContent('AWS Secrets Manager');
    expect(within(aws).queryByTestId('store-source')).not.toBeInTheDocument();
  });
});
