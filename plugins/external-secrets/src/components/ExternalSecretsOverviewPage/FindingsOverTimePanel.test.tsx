import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../__testUtils__/apis';
import { responseError } from '../../__fixtures__/errors';
import { findingsOverTime } from '../../__fixtures__/timeline';
import { ExternalSecretsApi, externalSecretsApiRef } from '../../api';
import { FindingsOverTimePanel } from './FindingsOverTimePanel';

/** A backend whose findings over time come from `getFindingsOverTime`. */
const findingsApi = (
  getFindingsOverTime: ExternalSecretsApi['getFindingsOverTime'],
) => fakeApi({ getFindingsOverTime: jest.fn(getFindingsOverTime) });

async function renderPanel(api: ExternalSecretsApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[externalSecretsApiRef, api]]}>
      <FindingsOverTimePanel width={720} />
    </TestApiProvider>,
  );
}

describe('FindingsOverTimePanel', () => {
  it('stacks error, warning and info per hour over 30 days', async () => {
    const api = findingsApi(async () => findingsOverTime({ since: null }));
    await renderPanel(api);
    const chart = await screen.findByTestId('findings-over-time-chart');
    expect(api.getFindingsOverTime).toHaveBeenCalledWith({ days: 30 });
    expect(screen.getByText('Findings over time')).toBeInTheDocument();
    // One stacked area per severity.
    expect(chart.querySelectorAll('.recharts-area')).toHaveLength(3);
    expect(chart.querySelectorAll('.recharts-area-area')).toHaveLength(3);
    expect(chart).toHaveTextContent('ErrorsWarningsInfo');
    expect(screen.queryByTestId('findings-since')).not.toBeInTheDocument();
  });

  it('summarises the chart for screen readers', async () => {
    await renderPanel(
      findingsApi(async () => findingsOverTime({ since: null })),
    );
    const chart = await screen.findByRole('figure');
    expect(chart).toHaveAccessibleName(
      expect.stringMatching(
        /^Findings over 30 days, per hour: now 1 error, 2 warnings, 1 info; most errors 1 on 30 Nov, \d\d:00\.$/,
      ),
    );
  });

  it('says honestly that hours before the first sample are unknown', async () => {
    await renderPanel(findingsApi(async () => findingsOverTime()));
    const note = await screen.findByTestId('findings-since');
    expect(note).toHaveTextContent(
      /^No samples before 29 Nov, \d\d:00: the backend started recording then, so earlier hours are unknown, not zero\.$/,
    );
    expect(screen.getByRole('figure')).toHaveAccessibleName(
      expect.stringMatching(/ No samples before 29 Nov, \d\d:00\.$/),
    );
    expect(screen.getByText('no samples')).toBeInTheDocument();
  });

  it('says when nothing has been recorded yet', async () => {
    await renderPanel(
      findingsApi(async () => findingsOverTime({ since: null, points: [] })),
    );
    expect(
      await screen.findByText(/^No samples recorded yet/),
    ).toBeInTheDocument();
    expect(
      screen.queryByTestId('findings-over-time-chart'),
    ).not.toBeInTheDocument();
  });

  it('keeps a failure inside the panel and retries on request', async () => {
    const error = await responseError(500, 'Error', 'database is down');
    const api = findingsApi(async () => {
      throw error;
    });
    await renderPanel(api);
    expect(
      await screen.findByTestId('findings-over-time-error'),
    ).toHaveTextContent(
      /Could not load the findings over time: .*database is down/,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(api.getFindingsOverTime).toHaveBeenCalledTimes(2),
    );
  });
});
