import {
  ProviderState,
  StoreRef,
} from '@eso-health/plugin-external-secrets-common';
import { formatExact, formatRelative } from './time';

const PROVIDER_NAMES: Record<string, string> = {
  aws: 'AWS',
  'aws-parameter-store': 'AWS Parameter Store',
  vault: 'Vault',
  gcp: 'GCP',
  azure: 'Azure',
};

/** Display name of a store provider id (`aws` → `AWS`). */
export function providerName(provider: string): string {
  return PROVIDER_NAMES[provider] ?? provider;
}

/**
 * What a store reads, for people: the backend's title (`AWS Parameter Store`), else the name of
 * its provider id (responses from before titles: `AWS`); undefined when neither is known.
 */
export function storeProviderLabel(store: StoreRef): string | undefined {
  if (store.providerTitle) return store.providerTitle;
  return store.provider ? providerName(store.provider) : undefined;
}

/** A provider source's name for people: its title, else the name of its provider id. */
export function sourceTitle(source: ProviderState): string {
  return source.title || providerName(source.provider);
}

/** Where a provider source reads, for people: its label, else its scope (`aws/eu-west-1`). */
export function sourceLabel(source: ProviderState): string {
  return source.source || source.scope;
}

/** Provider sources in error first, otherwise in the order the backend gave them. */
export function sortSources(sources: ProviderState[]): ProviderState[] {
  return sources
    .map((source, index) => ({ source, index }))
    .sort(
      (a, b) =>
        Number(b.source.status === 'error') -
          Number(a.source.status === 'error') || a.index - b.index,
    )
    .map(({ source }) => source);
}

/**
 * How fresh a source's metadata is, in a few words ("refreshed 3 minutes ago", "refresh failed,
 * data from 20 minutes ago"), and the exact time of its last good refresh for a tooltip.
 */
export function sourceFreshness(
  source: ProviderState,
  now: Date,
): { text: string; exact: string } {
  const { refreshedAt } = source;
  const exact = refreshedAt
    ? `Last refreshed ${formatExact(refreshedAt)}`
    : 'Never refreshed';
  if (source.status === 'error') {
    return {
      text: refreshedAt
        ? `refresh failed, data from ${formatRelative(refreshedAt, now)}`
        : 'refresh failed, never read',
      exact,
    };
  }
  return {
    text: refreshedAt
      ? `refreshed ${formatRelative(refreshedAt, now)}`
      : 'not refreshed yet',
    exact,
  };
}

/**
 * What every view says about a provider source: its title, where it reads, how fresh its
 * metadata is (with the exact time for a tooltip) and whether its last refresh failed.
 */
export function describeSource(
  source: ProviderState,
  now: Date,
): {
  title: string;
  label: string;
  text: string;
  exact: string;
  failed: boolean;
} {
  return {
    title: sourceTitle(source),
    label: sourceLabel(source),
    ...sourceFreshness(source, now),
    failed: source.status === 'error',
  };
}
