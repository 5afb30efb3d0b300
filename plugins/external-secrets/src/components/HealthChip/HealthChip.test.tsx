import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { HealthChip } from './HealthChip';

describe('HealthChip', () => {
  it.each([
    ['healthy', 'Healthy'],
    ['warning', 'Warning'],
    ['error', 'Error'],
    ['unknown', 'Unknown'],
  ] as const)('renders %s as %s', async (health, label) => {
    await renderInTestApp(<HealthChip health={health} />);
    expect(screen.getByText(label)).toBeInTheDocument();
    expect(screen.getByTestId(`health-${health}`)).toBeInTheDocument();
  });

  it('accepts a custom label', async () => {
    await renderInTestApp(<HealthChip health="error" label="4 error" />);
    expect(screen.getByText('4 error')).toBeInTheDocument();
  });
});
