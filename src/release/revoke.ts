/**
 * Deleting the cookies of a refused or revoked category. A script may have set its cookies for the
 * page's host or for any parent domain, at `/` or at a deeper path, and a cookie is only deleted by
 * writing it again with the very same `Domain` and `Path` (and `Secure` for a prefixed name): so every
 * combination is tried (store/remove.ts), but only for the names the page can actually see.
 */
import Cookies from 'js-cookie';
import { isConsentValue } from '../consent/index.js';
import { cookiePaths } from '../store/scopes.js';
import { removeEverywhere } from '../store/remove.js';

/** Whether a cookie name matches a pattern: an exact name, or `prefix*`. */
export function matchesCookie(name: string, pattern: string): boolean {
  if (!pattern.endsWith('*')) return name === pattern;
  // A bare `*` would also match the consent cookie and the site's session: never take it.
  return pattern.length > 1 && name.startsWith(pattern.slice(0, -1));
}

/**
 * Deletes every visible cookie whose name matches one of `patterns` (`name` or `prefix*`), for the
 * current host and its parent domains, at `/` and at the current path's ancestors. A cookie that holds
 * a consent decision (`v=…&r=…`) is never deleted, whatever its name: `cookies="cookie*"` must not
 * take the visitor's decision, nor a copy of it, with it; nor is one that matches one of `kept`. Returns
 * the names it deleted. Never throws (sandboxed frames have no `document.cookie`).
 */
export function deleteCookies(patterns: Iterable<string>, kept: readonly string[] = []): string[] {
  const wanted = [...patterns];
  const matches = (name: string, list: readonly string[]) => list.some((pattern) => matchesCookie(name, pattern));
  try {
    // js-cookie, which writes the consent cookie, reads the names and writes the deletions too.
    const jar = wanted.length ? Cookies.get() : {};
    const names = Object.keys(jar).filter((name) => !isConsentValue(jar[name]!) && matches(name, wanted) && !matches(name, kept));
    // Path by path, `/` first, where most cookies live, and each path for every domain; once the page sees the name no
    // more, every copy it could reach is gone. Every scope for every name took a page ten folders deep 88 writes a cookie.
    // Seen by the names the browser lists, not by js-cookie, which skips a copy whose value it cannot decode (`%E9`); a
    // name that js-cookie writes encoded is tried at every path.
    for (const name of names) {
      for (const path of cookiePaths(location.pathname)) {
        removeEverywhere(name, [path]);
        if (encodeURIComponent(name) === name && !document.cookie.split('; ').some((pair) => pair.split('=')[0] === name)) break;
      }
    }
    return names;
  } catch {
    return [];
  }
}
