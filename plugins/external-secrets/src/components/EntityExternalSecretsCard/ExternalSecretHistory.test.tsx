import { renderInTestApp } from '@backstage/test-utils';
import {
  HistoryEvent,
  TimelineResponse,
} from '@eso-health/plugin-external-secrets-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { responseError } from '../../__fixtures__/errors';
import { historyEvent, minutesAgo } from '../../__fixtures__/reports';
import { timeline } from '../../__fixtures__/timeline';
import { ExternalSecretHistoryState } from '../../hooks/useExternalSecretHistory';
import {
  EMPTY_HISTORY_TEXT,
  ExternalSecretHistory,
  historyEventLabel,
} from './ExternalSecretHistory';

async function renderSection(state: Partial<ExternalSecretHistoryState>) {
  const retry = jest.fn();
  await renderInTestApp(
    <ExternalSecretHistory
      history={{ loading: false, retry, ...state }}
      now={new Date()}
    />,
  );
  return { retry };
}

const events: HistoryEvent[] = [
  historyEvent({ type: 'synced', at: minutesAgo(3) }),
  historyEvent({
    type: 'sync-requested',
    at: minutesAgo(60),
    detail: 'sync requested',
  }),
  historyEvent({
    type: 'secret-changed',
    at: minutesAgo(120),
    detail: 'Secret payments-db data changed',
  }),
  historyEvent({
    type: 'health-changed',
    at: minutesAgo(300),
    detail: 'warning → healthy',
  }),
  historyEvent({
    type: 'provider-changed',
    at: minutesAgo(60 * 24 * 3),
    detail: 'aws secret prod/payments/db updated',
  }),
];

describe('ExternalSecretHistory', () => {
  it('shows one line per event in the given order: label, relative time and detail', async () => {
    await renderSection({ events });
    expect(
      screen.getByRole('heading', { name: 'History' }),
    ).toBeInTheDocument();
    const lines = screen.getAllByTestId('history-event');
    expect(lines.map(line => line.textContent)).toEqual([
      'Synced3 minutes agoESO synced from the provider',
      'Sync requested1 hour agosync requested',
      'Secret data changed2 hours agoSecret payments-db data changed',
      'Health changed5 hours agowarning → healthy',
      'Provider changed3 days agoaws secret prod/payments/db updated',
    ]);
  });

  it('shows the exact time of an event on hover', async () => {
    await renderSection({ events });
    const time = within(screen.getAllByTestId('history-event')[1]).getByText(
      '1 hour ago',
    );
    expect(time.tagName).toBe('TIME');
    fireEvent.mouseOver(time);
    expect(
      await screen.findByText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d /),
    ).toBeInTheDocument();
  });

  it('says when nothing has been recorded yet', async () => {
    await renderSection({ events: [] });
    expect(screen.getByText(EMPTY_HISTORY_TEXT)).toBeInTheDocument();
    expect(screen.queryByTestId('history-event')).not.toBeInTheDocument();
  });

  it('shows progress while the first load runs', async () => {
    await renderSection({ loading: true });
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it('explains a permission denial without offering a retry', async () => {
    await renderSection({
      error: await responseError(403, 'NotAllowedError', 'Unauthorized'),
    });
    expect(screen.getByTestId('history-error')).toHaveTextContent(
      'You are not allowed to see the history of this ExternalSecret.',
    );
    expect(
      screen.queryByRole('button', { name: 'Retry' }),
    ).not.toBeInTheDocument();
  });

  it('explains an unknown ExternalSecret', async () => {
    await renderSection({
      error: await responseError(
        404,
        'NotFoundError',
        "No ExternalSecret payments/payments-db in cluster 'prod-eu' and no history for it",
      ),
    });
    expect(screen.getByTestId('history-error')).toHaveTextContent(
      /the backend does not know this ExternalSecret/,
    );
  });

  it("shows other failures with the server's message and a retry", async () => {
    const { retry } = await renderSection({
      error: await responseError(500, 'Error', 'database is locked'),
    });
    expect(screen.getByTestId('history-error')).toHaveTextContent(
      'Could not load the history: database is locked',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('labels every event type and passes an unknown one through', () => {
    expect(
      [
        'synced',
        'secret-changed',
        'health-changed',
        'sync-requested',
        'provider-changed',
        'workload-restarted',
        'something-new',
      ].map(historyEventLabel),
    ).toEqual([
      'Synced',
      'Secret data changed',
      'Health changed',
      'Sync requested',
      'Provider changed',
      'Workload restarted',
      'something-new',
    ]);
  });

  it('names who asked for a sync', async () => {
    await renderSection({
      events: [
        historyEvent({
          type: 'sync-requested',
          at: minutesAgo(60),
          detail: 'Sync requested from the portal',
          actor: 'user:default/alice',
        }),
      ],
    });
    expect(screen.getByTestId('history-event')).toHaveTextContent(
      'Sync requested1 hour agoSync requested from the portal by user:default/alice',
    );
  });

  it('draws the timeline chart above the list once its code has loaded', async () => {
    await renderInTestApp(
      <ExternalSecretHistory
        history={{ loading: false, retry: jest.fn(), events }}
        timeline={{ loading: false, retry: jest.fn(), timeline: timeline() }}
        now={new Date()}
        chartWidth={640}
      />,
    );
    const chart = await screen.findByRole('figure', { name: /^30 days: / });
    const section = screen.getByTestId('history');
    expect(section).toContainElement(chart);
    expect(within(section).getAllByTestId('history-event')).toHaveLength(5);
  });

  it('keeps the list when a malformed timeline cannot be drawn', async () => {
    // React and the boundary report the render error; the test expects it.
    const quiet = [
      jest.spyOn(console, 'error').mockImplementation(() => {}),
      jest.spyOn(console, 'warn').mockImplementation(() => {}),
    ];
    const malformed = { from: 'x', to: 'y' } as unknown as TimelineResponse;
    await renderInTestApp(
      <ExternalSecretHistory
        history={{ loading: false, retry: jest.fn(), events }}
        timeline={{ loading: false, retry: jest.fn(), timeline: malformed }}
        now={new Date()}
        chartWidth={640}
      />,
    );
    expect(
      await screen.findByText(
        'The timeline could not be drawn; the events are listed below.',
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByTestId('history-event')).toHaveLength(5);
    quiet.forEach(spy => spy.mockRestore());
  });
});
