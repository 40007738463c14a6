/**
 * Deleting a cookie the page may not have set itself. A cookie is only deleted by writing it again with the
 * very same `Domain` and `Path`, so every scope the page can address is tried (scopes.ts), with `Secure` where
 * the browser demands it: a `__Secure-` or `__Host-` name. A `__Host-` name lives only host-only at `/`, so only
 * that is tried for it (Firefox logs an error for each other attempt). Never throws.
 */
import Cookies from 'js-cookie';
import { HOST_NAME, SECURE_NAME, cookieDomains } from './scopes.js';

/**
 * `attributes` as js-cookie can take them on any page. js-cookie copies and writes every enumerable property of
 * its attributes, inherited ones too, and throws on one that is no string: a page whose old library added one
 * to `Object.prototype` (MooTools' `extend`) would have no decision stored, and no refusal either. Each such
 * name gets an own `undefined`, which js-cookie skips.
 */
export function cookieAttributes<T extends object>(attributes: T): T {
  const own = { ...attributes } as Record<string, unknown>;
  for (const name in {}) if (!Object.hasOwn(own, name)) own[name] = undefined;
  return own as T;
}

/** Deletes `name` at one scope. (Not `Cookies.remove()`, whose own attributes would bring back what `cookieAttributes` shadows.) */
export function removeCookie(name: string, attributes: { path: string; domain?: string }): void {
  try {
    Cookies.set(name, '', cookieAttributes({ ...attributes, expires: -1, secure: SECURE_NAME.test(name) || undefined }));
  } catch {
    // Nothing stored, nothing to delete.
  }
}

/**
 * Deletes every copy of `name` this page can address: host-only and for each parent domain (`.example.com`), at
 * each of `paths`, but the scopes `skip` names.
 */
export function removeEverywhere(name: string, paths: Iterable<string>, skip?: (path: string, domain?: string) => boolean): void {
  const host = HOST_NAME.test(name);
  for (const domain of host ? [undefined] : cookieDomains(location.hostname)) {
    for (const path of host ? ['/'] : paths) if (!skip?.(path, domain)) removeCookie(name, { path, domain });
  }
}
