import { parseSecretArn } from './arns';
import { buildAwsListing, indexAwsListings } from './awsStores';

// The one listing index both AWS providers use (Secrets Manager and Parameter Store).
const arn = (account: string, name: string) =>
  `arn:aws:secretsmanager:eu-west-1:${account}:secret:${name}-AbC123`;
const scoped = (secrets: unknown[], accountId = '111122223333') => ({
  scope: `aws/${accountId}/eu-west-1`,
  listing: {
    provider: 'aws',
    region: 'eu-west-1',
    accountId,
    refreshedAt: '2026-11-23T12:00:00Z',
    secrets,
  } as any,
});
const store = (region: string) => ({
  service: 'SecretsManager',
  region,
  role: null,
  prefix: null,
});
const build = (listing: ReturnType<typeof scoped>) =>
  buildAwsListing(
    listing,
    s => [s.name, s.arn],
    a => parseSecretArn(a)?.account,
  );

describe('buildAwsListing', () => {
  it('files each entry under every id, a live entry winning over a deleted one', () => {
    const deleted = {
      name: 'db',
      arn: arn('111122223333', 'db-old'),
      deletedDate: '2026-11-20T00:00:00Z',
    };
    const live = { name: 'db', arn: arn('111122223333', 'db') };
    const built = build(scoped([deleted, live, 'not an object']));
    expect(built.byId.get('db')).toBe(live);
    expect(built.byId.get(deleted.arn)).toBe(deleted);
    expect([...built.accounts]).toEqual(['111122223333']);
  });
});

describe('indexAwsListings', () => {
  const listings = [
    scoped([{ name: 'db', arn: arn('111122223333', 'db') }]),
    scoped(
      [{ name: 'other', arn: arn('444455556666', 'other') }],
      '444455556666',
    ),
  ];
  const index = indexAwsListings(listings, build, parseSecretArn);

  it('looks a name up in the listing the store reads through', () => {
    const resolver = index(store('eu-west-1'));
    expect(resolver.resolve('db').status).toBe('found');
    expect(resolver.resolve('missing').status).toBe('absent');
  });

  it("looks an ARN up in its own account's listing", () => {
    const resolver = index(store('eu-west-1'));
    expect(resolver.resolve(arn('444455556666', 'other')).status).toBe('found');
    expect(resolver.resolve(arn('999999999999', 'x')).status).toBe(
      'not-loaded',
    );
  });

  it('says not loaded for a region nobody listed', () => {
    const resolver = index(store('us-east-1'));
    expect(resolver.resolve('db').status).toBe('not-loaded');
  });
});
