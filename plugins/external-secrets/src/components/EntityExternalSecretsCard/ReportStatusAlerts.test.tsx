import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { unreachableCluster } from '../../__fixtures__/reports';
import { ReportStatusAlerts } from './ReportStatusAlerts';

const now = new Date('2026-11-23T12:00:00Z');

describe('ReportStatusAlerts', () => {
  it('says a cluster is loading, with its progress, and what is worth knowing about another', async () => {
    await renderInTestApp(
      <ReportStatusAlerts
        now={now}
        providers={[]}
        clusters={[
          {
            name: 'eu',
            status: 'loading',
            progress: { listed: 5, total: 13 },
            lastUpdated: null,
          },
          {
            name: 'us',
            status: 'ok',
            secrets: 'none',
            notice:
              'the API server refused the credentials at 2026-11-23T11:59:00.000Z; they were renewed and the watches resumed where they stopped',
            lastUpdated: '2026-11-23T11:59:30Z',
          },
        ]}
      />,
    );
    expect(screen.getByTestId('cluster-loading-eu')).toHaveTextContent(
      'Cluster eu is loading (5 of 13 kinds listed): its ExternalSecrets appear once every kind is listed.',
    );
    expect(
      screen.getByText(/they were renewed and the watches resumed/),
    ).toBeInTheDocument();
  });

  // The backend's error never states the age of the data: the alert says it once, in common's words.
  it.each([
    ['2026-11-23T11:53:00Z', 'data is 7 minutes old'],
    [null, 'no data has been loaded yet'],
  ])(
    'adds the age of the data to a cluster error (last data %s)',
    async (lastUpdated, age) => {
      const cluster = { ...unreachableCluster(0), lastUpdated };
      await renderInTestApp(
        <ReportStatusAlerts now={now} providers={[]} clusters={[cluster]} />,
      );
      expect(screen.getByTestId('cluster-error-prod-us').textContent).toBe(
        `Cluster prod-us: ${cluster.error} (${age})`,
      );
    },
  );
});
