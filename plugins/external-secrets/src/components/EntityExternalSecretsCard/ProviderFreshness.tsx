import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ProviderState } from '@eso-health/plugin-external-secrets-common';
import { providerName } from '../../lib/providers';
import { formatExact, formatRelative } from '../../lib/time';

/**
 * How fresh the provider metadata behind the provider rules is ("AWS metadata
 * (aws/eu-west-1) refreshed 3 minutes ago"), with any warning of the last refresh;
 * failed refreshes are alerts instead.
 */
export function ProviderFreshness(props: {
  providers: ProviderState[];
  now: Date;
}) {
  const { providers, now } = props;
  return (
    <>
      {providers
        .filter(p => p.status === 'ok')
        .map(provider => (
          <Typography
            key={`provider-ok-${provider.scope}`}
            variant="caption"
            color="textSecondary"
            component="p"
            title={formatExact(provider.refreshedAt)}
          >
            {providerName(provider.provider)} metadata ({provider.scope}){' '}
            {provider.refreshedAt
              ? `refreshed ${formatRelative(provider.refreshedAt, now)}`
              : 'not refreshed yet: provider checks start after the first refresh'}
            {provider.warnings?.map(warning => (
              <Box component="span" display="block" key={warning}>
                {warning}
              </Box>
            ))}
          </Typography>
        ))}
    </>
  );
}
