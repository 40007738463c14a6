/**
 * Where a cookie can live. A cookie is only deleted by writing it again with the very same `Domain`
 * and `Path`, so deleting one the page did not set itself (a copy of the consent cookie, a refused
 * category's cookie) means trying each scope the page can address. Also which `Domain` and `Path` values
 * and which name prefixes the browser accepts. Plain functions and patterns, no DOM.
 */

/**
 * `Domain` values a script on `hostname` could have used: none (host-only), the host itself and
 * every parent domain except the top-level one, which browsers refuse anyway.
 */
export function cookieDomains(hostname: string): (string | undefined)[] {
  const domains: (string | undefined)[] = [undefined];
  // IP addresses and single-label hosts (localhost) only have host-only cookies.
  if (/^[\d.]+$|:|^\[/.test(hostname) || !hostname.includes('.')) return domains;
  const labels = hostname.split('.');
  for (let i = 0; i < labels.length - 1; i++) domains.push('.' + labels.slice(i).join('.'));
  return domains;
}

/** `/` and every ancestor of `pathname`, with and without the trailing slash, and the path itself. */
export function cookiePaths(pathname: string): string[] {
  const paths = new Set(['/']);
  for (let at = pathname.indexOf('/', 1); at !== -1; at = pathname.indexOf('/', at + 1)) {
    paths.add(pathname.slice(0, at));
    paths.add(pathname.slice(0, at + 1));
  }
  paths.add(pathname);
  return [...paths];
}

/** A `Domain` value: a host name, optionally with the leading dot that older specs wrote. */
export const COOKIE_DOMAIN = /^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/;

/** A `Path` value: RFC 6265's `path-value` (any CHAR except CTLs or ";"), starting with "/". */
export const COOKIE_PATH = /^\/[\x20-\x3A\x3C-\x7E]*$/;

/** Names the browser stores only with `Secure` (RFC 6265bis section 4.1.3). */
export const SECURE_NAME = /^__(host|secure)-/i;

/** Names the browser stores only host-only at `/`, with `Secure` (RFC 6265bis section 4.1.3.2). */
export const HOST_NAME = /^__host-/i;
