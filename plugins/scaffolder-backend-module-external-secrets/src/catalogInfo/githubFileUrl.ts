import { InputError, NotAllowedError } from '@backstage/errors';

/**
 * The repository and repo-relative path of a GitHub file URL
 * (`https://<host>/<owner>/<repo>/blob/<ref>/<path>`); undefined for other URLs. The ref is
 * one path segment, as for Backstage's own GitHub reader.
 */
export function parseGithubFileUrl(
  url: URL,
): { owner: string; repo: string; path: string } | undefined {
  const segments = url.pathname.split('/').slice(1);
  const [owner, repo, type, ref, ...rest] = segments;
  if (!owner || !repo || !ref || !['blob', 'tree'].includes(type)) {
    return undefined;
  }
  if (rest.length === 0 || rest.some(s => s === '')) return undefined;
  const decoded = rest.map(segment => {
    let part: string;
    try {
      part = decodeURIComponent(segment);
    } catch {
      throw new InputError(
        `location: ${url.href} has an invalid escape in its path`,
      );
    }
    // An encoded "/" or "\" or a "." / ".." segment would let the path leave its folder.
    if (/[/\\\0]/.test(part) || part === '.' || part === '..') {
      throw new NotAllowedError(
        `location: the path of ${url.href} is not a plain repository path; refusing to write it`,
      );
    }
    return part;
  });
  return { owner, repo, path: decoded.join('/') };
}
