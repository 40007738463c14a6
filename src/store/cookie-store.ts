/**
 * The browser's side of the consent cookie: js-cookie writes and deletes it with the right
 * attributes; reading goes through the same `findConsent` as the server helper, so the page and
 * the server always agree on which cookie counts.
 */
import Cookies from 'js-cookie';
import { encodeConsent, findConsent, type Consent } from '../consent/index.js';

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

/** Reads, writes and deletes one consent cookie. Never throws into the page. */
export class ConsentCookie {
  #warned = false;
  /** `Secure` on https: the page's protocol does not change, so it is looked up once. */
  #secure = location.protocol === 'https:';

  constructor(readonly options: CookieOptions) {}

  /** The stored record that `accept` takes, or `null` when there is none or it is malformed. */
  read(accept?: (consent: Consent) => boolean): Consent | null {
    try {
      return findConsent(document.cookie, this.options.name, accept);
    } catch {
      return null; // document.cookie throws in sandboxed, opaque-origin frames
    }
  }

  /**
   * Stores `consent`. Whether the browser kept it is for `check()` to say, called once the decision
   * has been acted on: reading the cookie back need not delay that.
   */
  write(consent: Consent): void {
    const { name, path, domain, expiresDays } = this.options;
    try {
      // A host-only copy at this path is left from before the site set `cookie-domain`: the `Domain`
      // copy now covers this host, so the old one goes, and first: deleting it afterwards would also
      // delete the new copy in a browser that counts both as one cookie (the page on the Domain's own
      // host). Without a Domain nothing else is deleted: a copy a parent domain holds is not this
      // page's to remove (sibling sites may share it, and document.cookie does not say which Domain it
      // has), and reading takes the newest copy, so this write wins over it anyway.
      if (domain) remove(name, { path });
      writer.set(name, encodeConsent(consent), {
        path,
        domain,
        expires: expiresDays,
        'max-age': String(Math.round(expiresDays * 86_400)),
        sameSite: 'Lax',
        secure: this.#secure,
      });
    } catch {
      // Reported by check(): the read-back fails.
    }
  }

  /**
   * Whether the cookie holds `consent`. When not (cookies disabled, a `Domain` the page may not set),
   * warns once per store: the decision then lasts for this page view only, and the page keeps working.
   */
  check(consent: Consent): boolean {
    if (this.read((stored) => stored.id === consent.id) !== null) return true;
    const { name, domain } = this.options;
    if (!this.#warned) {
      this.#warned = true;
      console.warn(
        `<cookie-consent>: the browser did not store the "${name}" cookie` +
          `${domain ? ` (Domain=${domain})` : ''}; the choice lasts for this page view only. Are cookies disabled?`,
      );
    }
    return false;
  }

  /**
   * Deletes the cookie at its `Path`: the copy with its `Domain` and the host-only copy (one left from
   * before the site set `cookie-domain`). Copies at other paths or parent domains are out of reach
   * (document.cookie names no Path or Domain) and stay; the next decision, being newer, wins over them.
   */
  clear(): void {
    const { name, path, domain } = this.options;
    remove(name, { path });
    if (domain) remove(name, { path, domain });
  }
}

function remove(name: string, attributes: { path: string; domain?: string }): void {
  try {
    Cookies.remove(name, attributes);
  } catch {
    // Nothing stored, nothing to delete.
  }
}
