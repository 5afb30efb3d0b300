import dns from 'node:dns';
import ipaddr from 'ipaddr.js';

/** Options of the `catalog` locator, named as the Kubernetes plugin names them. */
export interface ClusterUrlPolicy {
  /** Hosts (exact, or `*.suffix`) that may be private or plain http: a lab, a VPN-only cluster. */
  dangerouslyAllowClusterUrls?: string[];
}

function isPublicUnicast(address: string): boolean {
  try {
    return ipaddr.process(address).range() === 'unicast';
  } catch {
    return false;
  }
}

function allowed(hostname: string, patterns: string[] = []): boolean {
  const host = hostname.toLowerCase();
  return patterns.some(pattern => {
    const p = pattern.toLowerCase();
    return p.startsWith('*.')
      ? host.endsWith(p.slice(1)) || host === p.slice(2)
      : host === p;
  });
}

/**
 * Checks the API server URL of a cluster that comes from the catalog, where anyone who can
 * register an entity could name any URL and the backend would send its credentials there: the
 * same rules as the Kubernetes plugin's catalog locator. The URL must parse, carry no
 * credentials, use https and name a host that resolves to public unicast addresses only, unless
 * the host is listed in `dangerouslyAllowClusterUrls` (then http and private addresses are fine).
 * Throws an Error that says which rule failed.
 */
export async function validateClusterUrl(
  value: string,
  policy: ClusterUrlPolicy,
): Promise<URL> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`the API server URL '${value}' is not a valid URL`);
  }
  if (url.username || url.password) {
    throw new Error('the API server URL must not contain credentials');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error('the API server URL must use https');
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  if (allowed(hostname, policy.dangerouslyAllowClusterUrls)) return url;
  if (url.protocol !== 'https:') {
    throw new Error(
      `the API server URL must use https (or list ${hostname} in dangerouslyAllowClusterUrls)`,
    );
  }
  const addresses = ipaddr.isValid(hostname)
    ? [hostname]
    : (await dns.promises.lookup(hostname, { all: true })).map(a => a.address);
  if (addresses.some(address => !isPublicUnicast(address))) {
    throw new Error(
      `the API server ${hostname} is not a public address (list it in dangerouslyAllowClusterUrls if that is intended)`,
    );
  }
  return url;
}
