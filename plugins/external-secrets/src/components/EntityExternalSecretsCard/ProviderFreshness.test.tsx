import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { ProviderFreshness } from './ProviderFreshness';

const now = new Date('2026-11-23T12:00:00Z');

describe('ProviderFreshness', () => {
  it('says how old the metadata is, with the warnings of the last refresh', async () => {
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
    expect(
      screen.getByText(
        /AWS metadata \(aws\/prod\/eu-west-1\) refreshed 3 minutes ago/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/access denied to secretsmanager:ListSecretVersionIds/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/\(aws\/dev\/eu-west-1\) not refreshed yet/),
    ).toBeInTheDocument();
  });
});
