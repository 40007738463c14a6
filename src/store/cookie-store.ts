/**
 * The browser's side of the consent cookie: js-cookie writes and deletes it with the right
 * attributes; reading goes through the same `findConsent` as the server helper, so the page and
 * the server always agree on which cookie counts.
 */
import Cookies from 'js-cookie';
import { encodeConsent, findConsent, type Consent } from '../consent/index.js';
import { SECURE_NAME, cookieDomains, cookiePaths } from './scopes.js';
import { cookieAttributes, removeCookie as remove, removeEverywhere } from './remove.js';
import { text, warn } from '../warn.js';

/**
 * js-cookie without its value encoding: the codec writes only characters a cookie value holds as they
 * are (`A-Z a-z 0-9 . _ - & = +`), which that encoding (`encodeURIComponent`, then a regular expression
 * that undoes most of it) would give back unchanged, after work the Accept click would wait for.
 */
const writer = Cookies.withConverter<string>({ write: (value) => value });

/** Where the consent cookie lives (CONTRACT section 6). */
export interface CookieOptions {
  /** Cookie name; default `cookie_consent`. */
  name: string;
  /** `Path`; default `/`. */
  path: string;
  /** `Domain`, or `undefined` for a host-only cookie. */
  domain?: string;
  /** Lifetime in days, written as both `Max-Age` and `Expires`. */
  expiresDays: number;
}

/**
 * Whether the page is in a frame of another origin (reading its top's address throws). When that is another site, a
 * browser keeps no `SameSite=Lax` cookie there; of the same site, it does: hence a question, after the causes that are sure.
 */
function inOtherOrigin(): boolean {
  try {
    void top!.location.href;
    return false;
  } catch {
    return true;
  }
}

/** Reads, writes and deletes one consent cookie. Never throws into the page. */
export class ConsentCookie {
  #warned = false;
  /** What the page's `document.cookie` threw when last read or written (another script's wrapper, a sandboxed frame): the cause `check()` gives. */
  #thrown: unknown;
  /**
   * `Secure` on https: the page's protocol does not change, so it is looked up once. From the document's
   * URL, not `location`, whose bindings take 3.7 KB of heap on a page that has not touched it.
   */
  #https = document.URL.startsWith('https:');

  /**
   * The id of the decision last read from the cookie: the browser kept it. While the element holds that one, a
   * cookie gone missing was deleted (by the site's server, the visitor, a sibling site), not refused, and another
   * decision found in it replaced this one, whatever their clocks say.
   */
  kept?: string;

  constructor(readonly options: CookieOptions) {}

  /** The stored record that `accept` takes, or `null` when there is none or it is malformed. */
  read(accept?: (consent: Consent) => boolean): Consent | null {
    try {
      const found = findConsent(document.cookie, this.options.name, accept);
      if (found) this.kept = found.id;
      return found;
    } catch (error) {
      // In a sandboxed frame without allow-same-origin, or under a page's own wrapper of document.cookie.
      this.#thrown = error;
      return null;
    }
  }

  /**
   * Stores `consent`. Whether the browser kept it is for `check()` to say, called once the decision
   * has been acted on: reading the cookie back need not delay that.
   */
  write(consent: Consent): void {
    const { name, path, domain, expiresDays } = this.options;
    this.#thrown = undefined;
    try {
      // A host-only copy at this path is left from before the site set `cookie-domain`: the `Domain`
      // copy now covers this host, so the old one goes, and first: deleting it afterwards would also
      // delete the new copy in a browser that counts both as one cookie (the page on the Domain's own
      // host). Without a Domain nothing else is deleted here: a copy a parent domain holds is not this
      // page's to remove (sibling sites may share it), unless it outranks this decision (`check()`).
      if (domain) remove(name, { path });
      writer.set(name, encodeConsent(consent), cookieAttributes({
        path,
        domain,
        expires: expiresDays,
        'max-age': String(Math.round(expiresDays * 86_400)),
        sameSite: 'Lax' as const,
        secure: this.#https || SECURE_NAME.test(name),
      }));
    } catch (error) {
      // Reported by check(): the read-back fails.
      this.#thrown = error;
    }
  }

  /**
   * Whether the cookie holds `consent`. When another copy outranks it (one tossed in by a sibling
   * subdomain for a parent domain, or set at another path), deletes every copy this page can address
   * (host-only and each parent domain, at this page's path and its ancestors) and writes `consent`
   * again. When the cookie still does not hold it (cookies disabled, a `Domain` that is a public suffix,
   * a `__Host-` name on http, a copy out of reach), warns once per store with the cause: the decision
   * then lasts for this page view only, and the page keeps working.
   */
  check(consent: Consent): boolean {
    const mine = (stored: Consent) => stored.id === consent.id;
    if (this.read(mine) !== null) return true;
    const { name, domain } = this.options;
    // Browsers keep a cookie whose name and value take at most 4096 bytes (RFC 6265bis), and drop a longer one whole.
    const size = name.length + encodeConsent(consent).length;
    // With cookies on, a Domain the browser refuses is a public suffix: `cookie-domain` can check only that the page is under it.
    let cause = this.#thrown !== undefined
      ? `Setting or reading document.cookie threw: ${text(this.#thrown)}`
      : size > 4096
      ? `It takes ${size} bytes; browsers keep 4096: configure fewer or shorter category and service ids.`
      : SECURE_NAME.test(name) && !this.#https
      ? `A name starting with __Host- or __Secure- needs https.`
      : domain && navigator.cookieEnabled
      ? `Is ${domain} a public suffix (as github.io is), where no site may set cookies?`
      : inOtherOrigin()
      ? `Is this page in a frame of another site? Browsers keep no SameSite=Lax cookie there.`
      : 'Are cookies disabled?';
    const other = this.read();
    // A copy dated after this decision but not ahead of the clock is a later decision of this browser
    // (another tab, which tells this one over the tabs' channel): not this store's to undo.
    if (other && other.timestamp > consent.timestamp && other.timestamp <= Date.now()) return true;
    // Where writing throws, so would deleting: the cause is that.
    if (other && this.#thrown === undefined) {
      this.#sweep();
      this.write(consent);
      const deleted = this.read(mine) !== null;
      const overrode = `Another copy of the cookie, set for a parent domain or another path, overrode this decision; ${deleted ? 'deleted it' : 'could not delete it'}.`;
      if (deleted) {
        warn(`<cookie-consent>: ${overrode}`);
        return true;
      }
      // The older copy is gone all the same (a refusal must not leave an old grant behind); the cause is the size.
      if (size <= 4096) cause = overrode;
    }
    if (!this.#warned) {
      this.#warned = true;
      warn(
        `<cookie-consent>: the browser did not store the "${name}" cookie` +
          `${domain ? ` (Domain=${domain})` : ''}; the choice lasts for this page view only. ${cause}`,
      );
    }
    return false;
  }

  /**
   * Deletes the cookie: every copy this page can reach (host-only and for each parent domain, at the page's
   * path and its ancestors), so that a forgotten decision does not come back from a copy left elsewhere, and
   * the copy with its own `Domain` and `Path` last, once: another tab may decide as soon as it sees no cookie,
   * and writes that scope, which a later deletion would take its decision from. A copy a server set
   * `HttpOnly` stays.
   */
  clear(): void {
    const { name, path, domain } = this.options;
    const own = domain?.replace(/^\./, '').toLowerCase();
    this.#sweep((at, scope) => at === path && (!scope || scope.slice(1) === own));
    // A host without parent domains (localhost, an IP address) keeps a Domain copy as its host-only one: deleted once.
    if (!domain || cookieDomains(location.hostname).length > 1) remove(name, { path });
    if (domain) remove(name, { path, domain });
  }

  /** Deletes the copies this page can reach, but those `skip` names: host-only and for each parent domain, at this store's path and the page's. */
  #sweep(skip?: (path: string, domain?: string) => boolean): void {
    const { name, path } = this.options;
    removeEverywhere(name, new Set([path, ...cookiePaths(location.pathname)]), skip);
  }
}
