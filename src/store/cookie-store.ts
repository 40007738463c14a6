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

  /** Deletes the cookie (with the same `Path` and `Domain` it was written with). */
  clear(): void {
    const { name, path, domain } = this.options;
    try {
      Cookies.remove(name, { path, domain });
    } catch {
      // Nothing stored, nothing to delete.
    }
  }
}
