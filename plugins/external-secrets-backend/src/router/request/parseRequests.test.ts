import { InputError } from '@backstage/errors';
import { parseHistoryRequest } from './parseHistoryRequest';
import { parseOverviewRequest } from './parseOverviewRequest';
import { parseReportRequest } from './parseReportRequest';
import { parseSyncRequest } from './parseSyncRequest';

describe('request parsers', () => {
  it('normalises entity refs and rejects malformed ones', () => {
    expect(
      parseReportRequest({ entityRef: 'Component:default/Checkout' }),
    ).toEqual({
      entityRef: 'component:default/checkout',
    });
    expect(parseReportRequest({ entityRef: 'component:checkout' })).toEqual({
      entityRef: 'component:default/checkout',
    });
    expect(() => parseReportRequest({ entityRef: 'checkout' })).toThrow(/kind/);
    expect(() => parseReportRequest({})).toThrow(InputError);
    expect(() => parseReportRequest({ entityRef: ['a', 'b'] })).toThrow(
      /entityRef/,
    );
    expect(() => parseReportRequest({ entityRef: 'component:ns/' })).toThrow(
      /entity reference/,
    );
  });

  it('applies overview defaults and bounds', () => {
    expect(parseOverviewRequest({})).toEqual({ offset: 0, limit: 50 });
    expect(
      parseOverviewRequest({
        health: 'error',
        rule: 'stale-env',
        offset: '10',
        limit: '20',
      }),
    ).toEqual({ health: 'error', rule: 'stale-env', offset: 10, limit: 20 });
    expect(() => parseOverviewRequest({ limit: '5000' })).toThrow(/limit/);
    expect(() => parseOverviewRequest({ rule: 'nope' })).toThrow(/rule/);
    expect(() => parseOverviewRequest({ offset: '-1' })).toThrow(/offset/);
    expect(() => parseOverviewRequest({ colour: 'red' })).toThrow(/colour/);
  });

  it('validates sync bodies strictly', () => {
    expect(
      parseSyncRequest({
        cluster: 'demo',
        namespace: 'shop',
        name: 'db-creds',
      }),
    ).toEqual({
      cluster: 'demo',
      namespace: 'shop',
      name: 'db-creds',
    });
    expect(() =>
      parseSyncRequest({ cluster: 'demo', namespace: 'Shop!', name: 'x' }),
    ).toThrow(/namespace/);
    expect(() =>
      parseSyncRequest({ cluster: 'demo', namespace: 'shop' }),
    ).toThrow(/name/);
    expect(() =>
      parseSyncRequest({
        cluster: 'demo',
        namespace: 'shop',
        name: 'x',
        extra: 1,
      }),
    ).toThrow(InputError);
    expect(() => parseSyncRequest('nope')).toThrow(InputError);
  });

  it('validates history queries', () => {
    expect(
      parseHistoryRequest({ cluster: 'c', namespace: 'n', name: 'x' }),
    ).toEqual({
      cluster: 'c',
      namespace: 'n',
      name: 'x',
      limit: 100,
    });
    expect(() => parseHistoryRequest({ cluster: 'c', namespace: 'n' })).toThrow(
      /name/,
    );
  });
});
