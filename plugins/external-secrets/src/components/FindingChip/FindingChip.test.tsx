import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { Finding } from '@eso-health/plugin-external-secrets-common';
import { FindingChip } from './FindingChip';
import { FindingDetails } from './FindingDetails';

const finding: Finding = {
  rule: 'stale-env',
  severity: 'warning',
  message:
    'deployment/api started before the Secret changed and still holds the old value.',
  remedy: 'Restart the workload.',
  workloads: [
    {
      kind: 'Deployment',
      name: 'api',
      namespace: 'payments',
      reloader: false,
      remedy: 'kubectl rollout restart deployment/api -n payments',
      pods: [
        {
          pod: 'api-7d9f-abcde',
          container: 'app',
          startedAt: '2026-03-01T10:00:00Z',
          readsVia: ['env'],
        },
      ],
    },
  ],
};

describe('FindingChip', () => {
  it('labels the chip with the readable rule and toggles on click', async () => {
    const onToggle = jest.fn();
    await renderInTestApp(
      <FindingChip finding={finding} onToggle={onToggle} />,
    );
    const chip = screen.getByRole('button', { name: 'Stale env vars' });
    expect(chip).toHaveAttribute('data-severity', 'warning');
    fireEvent.click(chip);
    expect(onToggle).toHaveBeenCalled();
  });
});

describe('FindingDetails', () => {
  it('shows message, remedy, pods, read mode and the command', async () => {
    await renderInTestApp(
      <FindingDetails
        finding={finding}
        now={new Date('2026-03-01T12:00:00Z')}
      />,
    );
    expect(screen.getByText(finding.message)).toBeInTheDocument();
    expect(screen.getByText('Restart the workload.')).toBeInTheDocument();
    expect(screen.getByText('deployment/api')).toBeInTheDocument();
    expect(
      screen.getByText(
        /pod api-7d9f-abcde, container app: reads it as env var/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('kubectl rollout restart deployment/api -n payments'),
    ).toBeInTheDocument();
  });
});
