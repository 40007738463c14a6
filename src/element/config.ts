/**
 * Attributes → a validated configuration (CONTRACT section 2). A bad value is reported once with
 * `console.warn`, naming the attribute, and the default is used instead: a typo in the page's HTML
 * never breaks the page or the banner.
 */
import { CATEGORY_ID, COOKIE_NAME, DEFAULT_COOKIE_NAME, DEFAULT_EXPIRES_DAYS, MAX_CATEGORIES, NECESSARY } from '../consent/index.js';
import { COOKIE_DOMAIN, COOKIE_PATH, HOST_NAME, cookieDomains } from '../store/scopes.js';
import type { CookieOptions } from '../store/cookie-store.js';
import { text } from '../warn.js';

export const POSITIONS = ['bottom', 'top', 'bottom-left', 'bottom-right', 'center'] as const;
export const THEMES = ['auto', 'light', 'dark'] as const;
export const MODES = ['opt-in', 'opt-out'] as const;

export type Position = (typeof POSITIONS)[number];
export type Theme = (typeof THEMES)[number];
export type Mode = (typeof MODES)[number];

/**
 * The raw values, as the element's properties hold them: an attribute's text, or whatever a script or a
 * framework set the property to (React 19 and Vue set properties, so `"2"` arrives as a string).
 */
export interface RawConfig {
  categories?: unknown;
  policyUrl?: unknown;
  receiptUrl?: unknown;
  revision?: unknown;
  cookieName?: unknown;
  cookieDomain?: unknown;
  cookiePath?: unknown;
  expiresDays?: unknown;
  position?: unknown;
  theme?: unknown;
  mode?: unknown;
}

export interface Config {
  /** Optional categories, in order, without duplicates and without `necessary`. */
  categories: string[];
  /** A safe link to the policy, or `null`. */
  policyUrl: string | null;
  /** Where receipts of decisions go (same check as `policyUrl`), or `null`. */
  receiptUrl: string | null;
  revision: number;
  cookie: CookieOptions;
  position: Position;
  theme: Theme;
  mode: Mode;
}

/** Reports a bad attribute value; the caller makes it once per attribute and value. */
export type Warn = (attribute: string, value: unknown, expected: string) => void;

/** What a category id may be (`CATEGORY_ID`), as the warnings say it. */
export const IDS = 'ids of letters, digits, - and _';

/** The configuration the attributes describe; an absent attribute is its default, a bad one is reported. */
export function readConfig(raw: RawConfig, warn: Warn): Config {
  // A value is read as its text, so a property set to 2, "2" or a URL object counts like the attribute would.
  // Text that says nothing ("[object Object]") is as bad as a wrong value.
  const check = <T extends string | null | undefined>(attribute: string, value: unknown, fallback: T, ok: (text: string) => unknown, expected: string): string | T => {
    if ((value ?? null) === null) return fallback;
    const s = text(value);
    return !s.startsWith('[object') && ok(s) ? s : (warn(attribute, value, expected), fallback);
  };
  const pick = <T extends string>(attribute: string, value: unknown, allowed: readonly T[]): T =>
    check(attribute, value, allowed[0]!, (v) => allowed.includes(v as T), allowed.join(', ')) as T;
  const number = (attribute: string, value: unknown, fallback: string, ok: (n: number) => unknown, expected: string): number =>
    Number(check(attribute, value, fallback, (s) => ok(Number(s)), expected));

  // Category ids, separated by spaces or commas, or an array of them; `necessary` always exists, so listing it changes nothing.
  const categories: string[] = [];
  const list = Array.isArray(raw.categories) ? raw.categories : check('categories', raw.categories, '', () => 1, IDS).trim();
  for (const item of typeof list === 'string' ? (list ? list.split(/\s*,\s*|\s+/) : []) : list) {
    const id = check('categories', item, '', (s) => CATEGORY_ID.test(s), IDS);
    if (id && id !== NECESSARY && !categories.includes(id)) categories.push(id);
  }
  // The cookie holds no more (codec.ts): a decision on more would be written and then read as none.
  if (categories.length > MAX_CATEGORIES) warn('categories', categories.splice(MAX_CATEGORIES)[0], `at most ${MAX_CATEGORIES} categories; the first ${MAX_CATEGORIES} count`);

  const name = check('cookie-name', raw.cookieName, DEFAULT_COOKIE_NAME, (s) => COOKIE_NAME.test(s), "a cookie name (letters, digits and !#$&'*+-.^_`|~)");
  // The browser stores a `__Host-` cookie only host-only at `/`.
  const hostOnly = HOST_NAME.test(name);
  // `location` is read only with a `cookie-domain` to check: a page that never touches it saves its bindings (3.5 KB of heap).
  return {
    categories,
    // The exact text checked is the href: trimming it afterwards would turn "\u00A0javascript:…" (a
    // relative path when checked) into a live javascript: link.
    policyUrl: blankIsNull(check('policy-url', raw.policyUrl, null, isSafeUrl, 'an http:, https: or relative URL')),
    receiptUrl: blankIsNull(check('receipt-url', raw.receiptUrl, null, isSafeUrl, 'an http:, https: or relative URL')),
    revision: number('revision', raw.revision, '0', (n) => Number.isInteger(n) && n >= 0 && n < 1e9, 'a whole number from 0'),
    cookie: {
      name,
      domain: check('cookie-domain', raw.cookieDomain || undefined, undefined, (s) => !hostOnly && COOKIE_DOMAIN.test(s) && mayUseDomain(s, location.hostname), hostOnly ? 'none with a __Host- cookie-name' : raw.cookieDomain ? `${location.hostname} or a parent domain of it` : ''),
      path: check('cookie-path', raw.cookiePath, '/', (s) => (hostOnly ? s === '/' : COOKIE_PATH.test(s)), hostOnly ? '/ with a __Host- cookie-name' : 'a path starting with /'),
      // At least one second: a lifetime that rounds to `Max-Age=0` would delete the cookie it writes.
      expiresDays: number('expires-days', raw.expiresDays, `${DEFAULT_EXPIRES_DAYS}`, (n) => n * 86_400 >= 1 && n <= 3650, 'days, from 1 second (0.0000116) to 3650'),
    },
    position: pick('position', raw.position, POSITIONS),
    theme: pick('theme', raw.theme, THEMES),
    mode: pick('mode', raw.mode, MODES),
  };
}

/**
 * Whether a page on `host` may set a cookie with this `Domain` (RFC 6265 section 5.1.3, domain-match):
 * the host itself or one of its parent domains, with or without the leading dot. An IP address has no
 * parent domains. A public suffix (`co.uk`) passes here; the browser refuses it, and the store says so.
 */
export function mayUseDomain(domain: string, host: string): boolean {
  domain = domain.replace(/^\./, '').toLowerCase();
  return domain === host || cookieDomains(host).includes('.' + domain);
}

const blankIsNull = (url: string | null) => (url?.trim() ? url : null);

/**
 * Relative and http(s) URLs pass; `javascript:`, `data:` and every other scheme do not, nor does text with
 * invisible characters (controls, format characters, any space but U+0020) past the ends that the URL
 * parser strips (C0 controls and spaces): a real address has none, and "\u00A0javascript:" is an attack.
 */
function isSafeUrl(value: string): boolean {
  // Resolved exactly as the link's href will be, against the document's base URL.
  try {
    const inner = value.replace(/^[\0- ]+|[\0- ]+$/g, '');
    // Printable ASCII has none of those: the Unicode classes, costly to compile, are read only for other text.
    return (/^[ -~]*$/.test(inner) || !/(?! )[\p{Cc}\p{Cf}\p{Z}]/u.test(inner)) && /^https?:$/.test(new URL(value, document.baseURI).protocol);
  } catch {
    return false;
  }
}
