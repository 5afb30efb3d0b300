import { ProviderState } from '@eso-health/plugin-external-secrets-common';
import {
  providerName,
  sortSources,
  sourceFreshness,
  sourceLabel,
  sourceTitle,
  storeProviderLabel,
} from './providers';
import { formatExact } from './time';

const now = new Date('2026-03-01T12:00:00Z');

const source = (overrides: Partial<ProviderState> = {}): ProviderState => ({
  provider: 'aws',
  scope: 'aws/111122223333/eu-west-1',
  status: 'ok',
  refreshedAt: '2026-03-01T11:57:00Z',
  ...overrides,
});

describe('provider labels', () => {
  it('uses the titles and sources of the backend', () => {
    const vault = source({
      provider: 'vault',
      title: 'HashiCorp Vault KV v2',
      source: 'lab: mount secret/ at http://127.0.0.1:8200',
    });
    expect(sourceTitle(vault)).toBe('HashiCorp Vault KV v2');
    expect(sourceLabel(vault)).toBe(
      'lab: mount secret/ at http://127.0.0.1:8200',
    );
    expect(
      storeProviderLabel({
        kind: 'SecretStore',
        name: 'ssm',
        ready: true,
        provider: 'aws',
        providerTitle: 'AWS Parameter Store',
      }),
    ).toBe('AWS Parameter Store');
  });

  it('falls back to the provider id and scope of older responses', () => {
    expect(sourceTitle(source())).toBe('AWS');
    expect(sourceLabel(source())).toBe('aws/111122223333/eu-west-1');
    expect(providerName('something-else')).toBe('something-else');
    expect(
      storeProviderLabel({
        kind: 'SecretStore',
        name: 'v',
        ready: true,
        provider: 'vault',
        providerTitle: null,
      }),
    ).toBe('Vault');
    expect(
      storeProviderLabel({ kind: 'SecretStore', name: 'x', ready: null }),
    ).toBeUndefined();
  });
});

describe('sortSources', () => {
  it('puts sources in error first and keeps the order otherwise', () => {
    const a = source({ scope: 'a' });
    const b = source({ scope: 'b', status: 'error' });
    const c = source({ scope: 'c' });
    const d = source({ scope: 'd', status: 'error' });
    expect(sortSources([a, b, c, d]).map(s => s.scope)).toEqual([
      'b',
      'd',
      'a',
      'c',
    ]);
  });
});

describe('sourceFreshness', () => {
  it('says how fresh the metadata is, with the exact time for a tooltip', () => {
    expect(sourceFreshness(source(), now)).toEqual({
      text: 'refreshed 3 minutes ago',
      exact: `Last refreshed ${formatExact('2026-03-01T11:57:00Z')}`,
    });
    expect(sourceFreshness(source({ refreshedAt: null }), now)).toEqual({
      text: 'not refreshed yet',
      exact: 'Never refreshed',
    });
  });

  it('says a refresh failed, and how old the data still used is', () => {
    expect(
      sourceFreshness(
        source({ status: 'error', refreshedAt: '2026-03-01T11:40:00Z' }),
        now,
      ).text,
    ).toBe('refresh failed, data from 20 minutes ago');
    expect(
      sourceFreshness(source({ status: 'error', refreshedAt: null }), now).text,
    ).toBe('refresh failed, never read');
  });
});
