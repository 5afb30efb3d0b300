import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { providerSources } from '../../__fixtures__/reports';
import { formatExact } from '../../lib/time';
import { ProviderFreshness } from './ProviderFreshness';

const now = new Date('2026-11-23T12:00:00Z');

describe('ProviderFreshness', () => {
  it('says how old the metadata is, with the warnings of the last refresh (responses without titles)', async () => {
    await renderInTestApp(
      <ProviderFreshness
        now={now}
        providers={[
          {
            provider: 'aws',
            scope: 'aws/prod/eu-west-1',
            status: 'ok',
            refreshedAt: '2026-11-23T11:57:00Z',
            warnings: [
              'AWS account prod (eu-west-1): access denied to secretsmanager:ListSecretVersionIds',
            ],
          },
          {
            provider: 'aws',
            scope: 'aws/dev/eu-west-1',
            status: 'ok',
            refreshedAt: null,
          },
        ]}
      />,
    );
    const prod = screen.getByTestId('provider-source-aws/prod/eu-west-1');
    expect(prod).toHaveTextContent(
      'AWS · aws/prod/eu-west-1 · ok · metadata refreshed 3 minutes ago',
    );
    expect(prod).toHaveTextContent(
      /access denied to secretsmanager:ListSecretVersionIds/,
    );
    expect(
      screen.getByTestId('provider-source-aws/dev/eu-west-1'),
    ).toHaveTextContent(
      'AWS · aws/dev/eu-west-1 · ok · metadata not refreshed yet' +
        'Provider checks start after the first refresh.',
    );
  });

  it('lists every source, errors first, with its title, source, state, age, error and note', async () => {
    const sources = providerSources();
    await renderInTestApp(
      <ProviderFreshness now={new Date()} providers={sources} />,
    );
    const items = within(
      screen.getByRole('list', { name: 'Provider sources' }),
    ).getAllByRole('listitem');
    expect(items.map(item => item.textContent)).toEqual([
      'HashiCorp Vault KV v2 · lab: mount secret/ at http://127.0.0.1:8200 · error · ' +
        'metadata refresh failed, data from 20 minutes ago' +
        'Vault lab: permission denied listing secret/metadata (403)',
      'AWS Secrets Manager · payments-prod (eu-west-1) · ok · metadata refreshed 3 minutes ago',
      'AWS Parameter Store · payments-prod (eu-west-1) · ok · metadata refreshed 5 minutes ago' +
        'Only parameters under /payments/ are listed: other names are not loaded',
    ]);
    expect(
      within(items[1]).getByText(/refreshed 3 minutes ago/),
    ).toHaveAttribute(
      'title',
      `Last refreshed ${formatExact(sources[0].refreshedAt)}`,
    );
    expect(within(items[0]).getByText(/refresh failed/)).toHaveAttribute(
      'title',
      `Last refreshed ${formatExact(sources[1].refreshedAt)}`,
    );
  });

  it('renders nothing without provider sources', async () => {
    await renderInTestApp(<ProviderFreshness now={now} providers={[]} />);
    expect(
      screen.queryByRole('list', { name: 'Provider sources' }),
    ).not.toBeInTheDocument();
  });
});
