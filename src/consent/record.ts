/**
 * The consent record: what a visitor decided, shared by the browser and the server.
 * No DOM, no Node: both sides import this folder.
 */

/**
 * Who made the decision: the banner or the preferences dialog, a script (`api`), Global Privacy Control,
 * a page element with `data-cookie-consent` (`trigger`), or an embed placeholder's Allow button.
 */
export type ConsentSource = 'banner' | 'preferences' | 'api' | 'gpc' | 'trigger' | 'placeholder';

/** A visitor's decision (CONTRACT section 5). */
export interface Consent {
  /** Every category decided on; `necessary` is always `true`. */
  categories: Record<string, boolean>;
  /** The policy revision the decision was made for. */
  revision: number;
  /** When the decision was made, in milliseconds since the epoch. */
  timestamp: number;
  /** Random id of this decision, for consent receipts (`''` for a GPC refusal read on the server). */
  id: string;
  /** Where the decision came from. */
  source: ConsentSource;
  /**
   * Every service decided on (CONTRACT section 9), present only when the site configures services.
   * Service ids follow `CATEGORY_ID` and never take a category's id.
   */
  services?: Record<string, boolean>;
}

/** The category that always exists, is always granted and cannot be switched off. */
export const NECESSARY = 'necessary';

export const SOURCES: readonly ConsentSource[] = ['banner', 'preferences', 'api', 'gpc', 'trigger', 'placeholder'];

/**
 * A category id: a letter or digit, then up to 39 letters, digits, `_` or `-`.
 * It cannot start with `_`, so `__proto__` is never an id, and it needs no escaping in a cookie.
 */
export const CATEGORY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/**
 * What the consent cookie may be named, on the page and on the server alike: an RFC 6265 cookie-name
 * (a `token`, section 4.1.1: no spaces, separators such as `;` `=` `,`, controls or non-ASCII), without
 * `%`, the one token byte js-cookie would escape (`cc%1` would be stored as `cc%251`, where nobody reads).
 */
export const COOKIE_NAME = /^[!#$&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The consent cookie's name where `cookie-name` (or the server's `cookieName`) does not say. */
export const DEFAULT_COOKIE_NAME = 'cookie_consent';

/** How long a decision and its cookie last where `expires-days` does not say: about six months. */
export const DEFAULT_EXPIRES_DAYS = 182;

/** Random decision ids are 12 characters of base64url (72 bits); the codec reads any 1 to 64 of them. */
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A fresh random decision id (uses Web Crypto, present in browsers, Node ≥ 20, Deno, Bun and edge runtimes). */
export function newDecisionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let id = '';
  for (const byte of bytes) id += ID_ALPHABET[byte & 63];
  return id;
}

/**
 * Builds a record from the optional categories granted and refused, and, when given, the services
 * decided on. `necessary` is added as granted; an id in both lists counts as refused. A service that
 * is not a valid id or takes a category's id is left out (the cookie could not hold it); `services`
 * is set only when one remains, so a decision without services stays a version-1 cookie.
 */
export function createConsent(
  granted: Iterable<string>,
  refused: Iterable<string>,
  revision: number,
  source: ConsentSource,
  timestamp = Date.now(),
  id = newDecisionId(),
  services?: Record<string, boolean>,
): Consent {
  const categories: Record<string, boolean> = { [NECESSARY]: true };
  for (const category of granted) if (category !== NECESSARY) categories[category] = true;
  for (const category of refused) if (category !== NECESSARY) categories[category] = false;
  const consent: Consent = { categories, revision, timestamp, id, source };
  if (services) {
    for (const service of Object.keys(services)) {
      // `categories` holds `necessary` too, which is no service either.
      if (CATEGORY_ID.test(service) && !Object.hasOwn(categories, service)) (consent.services ??= {})[service] = services[service] === true;
    }
  }
  return consent;
}
