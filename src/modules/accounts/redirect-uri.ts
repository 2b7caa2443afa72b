/**
 * Which redirect URIs an OAuth app may register and be sent to. Approving an authorization sends
 * the browser to this address with a code in it, so an address that runs script (`javascript:`,
 * `data:`), reads local files or goes in clear text to another machine would hand the code (or the
 * page) to someone else. Allowed, as RFC 8252 (OAuth for native apps) describes:
 * - `https:` anywhere;
 * - `http:` to the loopback interface only (127.0.0.1, [::1], localhost; any port, §7.3);
 * - a private-use scheme in reverse-domain form, containing a period (`com.example.app:/cb`, §7.1);
 * - `urn:ietf:wg:oauth:2.0:oob` (the code is shown to copy).
 * A fragment is never allowed (RFC 6749 §3.1.2), nor credentials in the address.
 */
export const OOB_REDIRECT = 'urn:ietf:wg:oauth:2.0:oob';

/** Schemes that never name an app, even written in reverse-domain form. */
const REFUSED_SCHEMES = new Set([
  'javascript',
  'data',
  'vbscript',
  'file',
  'blob',
  'about',
  'filesystem',
  'view-source',
]);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
const MAX_LENGTH = 2000;

/** Why `uri` may not be a redirect URI, or null when it may. */
export function redirectUriRefusal(uri: string): string | null {
  if (uri === OOB_REDIRECT) return null;
  if (uri.length > MAX_LENGTH) return 'is too long';
  // Control characters and spaces are stripped or refused differently by browsers: refuse them all.
  if (/[\u0000-\u0020\u007f]/.test(uri)) return 'contains spaces or control characters';
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase();
  if (!scheme) return 'is not an absolute URI';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'is not a valid URI';
  }
  if (uri.includes('#')) return 'has a fragment';
  if (url.username || url.password) return 'contains credentials';
  // WHATWG parsing repairs `https:///cb` or `https:\\host` into some host: ask for the plain form.
  const plainHost = /^https?:\/\/[^/?#\\]/i.test(uri);
  if (scheme === 'https') return plainHost ? null : 'has no host';
  if (scheme === 'http') {
    return plainHost && LOOPBACK_HOSTS.has(url.hostname.toLowerCase())
      ? null
      : 'uses http: to a host other than the loopback';
  }
  if (REFUSED_SCHEMES.has(scheme)) return `uses the ${scheme}: scheme`;
  // RFC 8252 §7.1: a private-use scheme is a reversed domain name the app controls, so it has a period
  // and labels that are not empty.
  const labels = scheme.split('.');
  if (labels.length < 2 || labels.some((label) => !/^[a-z0-9][a-z0-9-]*$/.test(label))) {
    return 'uses a scheme that is neither https: nor a reverse-domain private-use scheme';
  }
  return null;
}

export const isAllowedRedirectUri = (uri: string): boolean => redirectUriRefusal(uri) === null;
