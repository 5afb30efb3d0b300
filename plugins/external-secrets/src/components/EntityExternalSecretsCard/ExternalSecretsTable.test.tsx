import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { driftingSecret, externalSecret } from '../../__fixtures__/reports';
import { ExternalSecretsTable } from './ExternalSecretsTable';

// The card measures itself; jsdom has no layout, so the measured width is set here.
let mockWidth = 0;
jest.mock('react-use/esm/useMeasure', () => ({
  __esModule: true,
  default: () => [() => {}, { width: mockWidth }],
}));

function tableAtWidth(width: number) {
  mockWidth = width;
  return ExternalSecretsTable;
}

describe('ExternalSecretsTable layout', () => {
  it('uses separate columns in a wide card', async () => {
    const Table = tableAtWidth(720);
    await renderInTestApp(
      <Table externalSecrets={[externalSecret()]} now={new Date()} />,
    );
    expect(
      screen.getByRole('columnheader', { name: 'Last sync' }),
    ).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Health' })).toBeTruthy();
    expect(screen.queryByRole('columnheader', { name: 'Status' })).toBeNull();
  });

  it('folds last sync and health into two columns in a narrow card', async () => {
    const Table = tableAtWidth(480);
    await renderInTestApp(
      <Table
        externalSecrets={[driftingSecret]}
        now={new Date()}
        onSync={jest.fn()}
      />,
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
