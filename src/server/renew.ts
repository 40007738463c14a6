/**
 * Writing the visitor's decision again from the server. Safari's Intelligent Tracking Prevention keeps a
 * cookie that a script wrote (`document.cookie`, as the element writes it) for at most 7 days, and for 24
 * hours on a page reached through a tracker's decorated link, whatever its `Max-Age`. A cookie set by the
 * site's own server keeps the lifetime it was given. So without this a Safari visitor is asked again a week
 * after deciding; with it, the element's `renew-url` request has the server write each decision again for
 * the rest of its own lifetime.
 */
import { encodeConsent } from '../consent/index.js';
import { COOKIE_DOMAIN, COOKIE_PATH, SECURE_NAME } from '../store/scopes.js';
import { read, resolveOptions, warn, warnOnce, type ServerOptions } from './options.js';
import { parseWith } from './parse.js';
import { cookieHeaderOf, type RequestLike } from './request.js';

/** Where the element writes the cookie, and for how long: its attributes' values, so the server writes that very cookie. */
export interface RenewOptions extends ServerOptions {
  /**
   * The element's `expires-days`: a decision is written again for what is left of it. Required: a lifetime the
   * server guessed would outlive (or cut short) what the element asks for.
   */
  expiresDays: number;
  /** The element's `cookie-domain`; default none, a host-only cookie. */
  cookieDomain?: string;
  /** The element's `cookie-path`; default `/`. */
  cookiePath?: string;
  /**
   * Whether the cookie is `Secure`, as the element writes it on https; default `true`. Browsers refuse a
   * `Secure` cookie from a plain-http site other than localhost (the stored one then stays as it was).
   */
  secure?: boolean;
}

/** Browsers keep a cookie 400 days at most (RFC 6265bis section 5.5): a longer lifetime says nothing more. */
const MAX_SECONDS = 400 * 86_400;

/**
 * The `Set-Cookie` header value that writes the visitor's stored decision again: the same decision (the
 * copy that `readConsent` would read), for what is left of its lifetime (`expiresDays`, the element's
 * `expires-days`, from when it was made), with the element's attributes. `null` when there is nothing to
 * renew: no valid decision (a `Sec-GPC` request without one included), one whose lifetime is over, or no
 * `expiresDays`. Answer the element's `renew-url` request with it, and with `Cache-Control: no-store`: the
 * element asks right after each decision it stores, and puts the cookie back should the answer arrive after a
 * newer decision. Not on every page: a response already on its way would bring back a decision the visitor
 * has since changed or withdrawn. The cookie stays readable by scripts, so the element still replaces or
 * deletes it. A bad option is reported once and its default used. Never throws.
 *
 * @example
 * // POST /consent/renew, the element's renew-url
 * const renewal = renewConsentCookie(req, { revision: 2, expiresDays: 182 });
 * if (renewal) res.appendHeader('Set-Cookie', renewal);
 * res.setHeader('Cache-Control', 'no-store').writeHead(204).end();
 */
export function renewConsentCookie(reqOrCookieHeader: RequestLike | string | null | undefined, options?: RenewOptions): string | null {
  try {
    const resolved = resolveOptions(options);
    const consent = parseWith(typeof reqOrCookieHeader === 'string' ? reqOrCookieHeader : cookieHeaderOf(reqOrCookieHeader), resolved);
    if (!consent) return null;
    const given = (key: keyof RenewOptions, ok: (value: unknown) => boolean, expected: string): unknown => {
      const value = options ? read(options as unknown as Record<string, unknown>, key) : undefined;
      if (value === undefined || value === null) return undefined;
      if (ok(value)) return value;
      // expiresDays was reported by resolveOptions already.
      if (key !== 'expiresDays') warn(key, value, expected);
      return undefined;
    };
    const { name } = resolved;
    const host = /^__host-/i.test(name);
    const days = given('expiresDays', (v) => typeof v === 'number' && v > 0, '') as number | undefined;
    if (days === undefined) {
      warnOnce('renew expiresDays', () => 'renewConsentCookie needs expiresDays, the element\'s expires-days: nothing is renewed without it.');
      return null;
    }
    // An empty cookieDomain is none, as an empty cookie-domain is on the element.
    const domain = given('cookieDomain', (v) => v === '' || (typeof v === 'string' && COOKIE_DOMAIN.test(v) && !host), host ? 'none with a __Host- cookieName' : 'a domain such as "example.com"');
    const path = given('cookiePath', (v) => typeof v === 'string' && COOKIE_PATH.test(v) && (!host || v === '/'), host ? '/ with a __Host- cookieName' : 'a path starting with /') ?? '/';
    const secure = given('secure', (v) => typeof v === 'boolean', 'true or false') ?? true;
    // From when it was made, or from now for a copy dated ahead (up to 5 minutes are read): never past its lifetime.
    const now = Date.now();
    const seconds = Math.min(Math.floor((Math.min(consent.timestamp, now) + days * 86_400_000 - now) / 1000), MAX_SECONDS);
    if (!(seconds > 0)) return null;
    return (
      `${name}=${encodeConsent(consent)}; Path=${path}${domain ? `; Domain=${domain}` : ''}; Max-Age=${seconds}; ` +
      `Expires=${new Date(now + seconds * 1000).toUTCString()}; SameSite=Lax${secure || SECURE_NAME.test(name) ? '; Secure' : ''}`
    );
  } catch {
    return null;
  }
}
