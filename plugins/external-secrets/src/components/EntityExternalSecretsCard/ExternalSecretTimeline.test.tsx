import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { responseError } from '../../__fixtures__/errors';
import { timeline } from '../../__fixtures__/timeline';
import { ExternalSecretTimelineState } from '../../hooks/useExternalSecretTimeline';
import {
  EMPTY_TIMELINE_TEXT,
  ExternalSecretTimeline,
  TRUNCATED_TEXT,
} from './ExternalSecretTimeline';

async function renderTimeline(state: Partial<ExternalSecretTimelineState>) {
  const retry = jest.fn();
  await renderInTestApp(
    <ExternalSecretTimeline
      state={{ loading: false, retry, ...state }}
      width={640}
    />,
  );
  return { retry };
}

describe('ExternalSecretTimeline', () => {
  it('draws the health band, one mark per event and per sync bucket, and a day axis', async () => {
    await renderTimeline({ timeline: timeline() });
    const chart = screen.getByTestId('timeline-chart');
    expect(
      chart.querySelectorAll('[data-testid^="timeline-health-"]'),
    ).toHaveLength(3);
    expect(
      within(chart).getAllByTestId('timeline-health-warning'),
    ).toHaveLength(1);
    expect(within(chart).getAllByTestId('timeline-sync')).toHaveLength(3);
    // One symbol per event that has a lane (health changes live in the band), legend aside.
    const plot = chart.querySelector('.recharts-wrapper')!;
    expect(plot.querySelectorAll('.recharts-symbols')).toHaveLength(4);
    for (const lane of [
      'Health',
      'Provider change',
      'ESO sync',
      'Secret change',
      'Workload restart',
      'Sync request',
    ]) {
      expect(
        within(chart).getAllByText(lane, { selector: 'tspan' }),
      ).toHaveLength(1);
    }
    expect(
      within(chart).getByText('1 Nov', { selector: 'tspan' }),
    ).toBeInTheDocument();
    expect(
      within(chart).getByRole('list', { name: 'Legend' }),
    ).toHaveTextContent(
      'HealthyWarningErrorUnknownProvider changeESO syncSecret changeWorkload restartSync request',
    );
  });

  it('summarises the window for screen readers', async () => {
    await renderTimeline({ timeline: timeline() });
    expect(
      screen.getByRole('figure', {
        name: '30 days: 1 provider change, 6 syncs, 1 Secret change, 1 workload restart, 1 sync request, 2 health changes; healthy now.',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByText(TRUNCATED_TEXT)).not.toBeInTheDocument();
  });

  it('shows who asked for a sync in the tooltip of its mark', async () => {
    await renderTimeline({ timeline: timeline() });
    const plot = screen
      .getByTestId('timeline-chart')
      .querySelector('.recharts-wrapper')!;
    const star = Array.from(plot.querySelectorAll('.recharts-symbols')).find(
      symbol => symbol.getAttribute('fill') === 'rgba(0, 0, 0, 0.87)',
    )!;
    fireEvent.mouseEnter(star);
    expect(
      await screen.findByText('Requested by user:default/alice'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Sync requested from the portal'),
    ).toBeInTheDocument();
  });

  it('says when the backend cut the events of the window', async () => {
    await renderTimeline({ timeline: timeline({ truncated: true }) });
    expect(screen.getByTestId('timeline-truncated')).toHaveTextContent(
      TRUNCATED_TEXT,
    );
  });

  it('shows the health segment title, from and to', async () => {
    await renderTimeline({ timeline: timeline() });
    const warning = screen.getByTestId('timeline-health-warning');
    expect(warning.querySelector('title')?.textContent).toMatch(
      /^Warning from 2026-11-05 .* to 2026-11-05 /,
    );
  });

  it('says that nothing is recorded yet when the window holds no events', async () => {
    await renderTimeline({
      timeline: timeline({
        events: [],
        syncs: { bucketSeconds: 3600, buckets: [] },
        health: [],
      }),
    });
    expect(screen.getByTestId('timeline-empty')).toHaveTextContent(
      EMPTY_TIMELINE_TEXT,
    );
    expect(screen.queryByTestId('timeline-chart')).not.toBeInTheDocument();
  });

  it('shows a failure with a retry inside the section', async () => {
    const { retry } = await renderTimeline({
      error: await responseError(500, 'Error', 'database is down'),
    });
    expect(screen.getByTestId('timeline-error')).toHaveTextContent(
      /Could not load the timeline: .*database is down/,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('does not offer a retry when the caller may not read the timeline', async () => {
    await renderTimeline({
      error: await responseError(403, 'NotAllowedError', 'no'),
    });
    expect(screen.getByTestId('timeline-error')).toHaveTextContent(
      'You are not allowed to see the timeline of this ExternalSecret.',
    );
    expect(
      screen.queryByRole('button', { name: 'Retry' }),
    ).not.toBeInTheDocument();
  });
});
