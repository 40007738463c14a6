/**
 * Attributes → a validated configuration (CONTRACT section 2). A bad value is reported once with
 * `console.warn`, naming the attribute, and the default is used instead: a typo in the page's HTML
 * never breaks the page or the banner.
 */
import { CATEGORY_ID, NECESSARY } from '../consent/index.js';
import type { CookieOptions } from '../store/cookie-store.js';

export const POSITIONS = ['bottom', 'top', 'bottom-left', 'bottom-right', 'center'] as const;
export const THEMES = ['auto', 'light', 'dark'] as const;
export const MODES = ['opt-in', 'opt-out'] as const;

export type Position = (typeof POSITIONS)[number];
export type Theme = (typeof THEMES)[number];
export type Mode = (typeof MODES)[number];

/** The raw attribute values, as the element's properties hold them. */
export interface RawConfig {
  categories?: string | null;
  policyUrl?: string | null;
  revision?: number | null;
  cookieName?: string | null;
  cookieDomain?: string | null;
  cookiePath?: string | null;
  expiresDays?: number | null;
  position?: string | null;
  theme?: string | null;
  mode?: string | null;
}

export interface Config {
  /** Optional categories, in order, without duplicates and without `necessary`. */
  categories: string[];
  /** A safe link to the policy, or `null`. */
  policyUrl: string | null;
  revision: number;
  cookie: CookieOptions;
  position: Position;
  theme: Theme;
  mode: Mode;
}

/** Reports a bad attribute value; the caller makes it once per attribute and value. */
export type Warn = (attribute: string, value: unknown, expected: string) => void;

/** `token` of RFC 7230 section 3.2.6, which RFC 6265 section 4.1.1 uses for a cookie name. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A host name, optionally with the leading dot that older specs wrote. */
const DOMAIN = /^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/;
/** `path-value` of RFC 6265 section 4.1.1 (any CHAR except CTLs or ";"), starting with "/". */
const PATH = /^\/[\x20-\x3A\x3C-\x7E]*$/;

/** The configuration the attributes describe; an absent attribute is its default, a bad one is reported. */
export function readConfig(raw: RawConfig, warn: Warn): Config {
  const check = <T>(attribute: string, value: T | null | undefined, fallback: T, ok: (value: T) => unknown, expected: string): T =>
    value == null ? fallback : ok(value) ? value : (warn(attribute, value, expected), fallback);
  const pick = <T extends string>(attribute: string, value: string | null | undefined, allowed: readonly T[]): T =>
    check(attribute, value as T, allowed[0]!, (v) => allowed.includes(v), allowed.join(', '));

  // Category ids, separated by spaces or commas; `necessary` always exists, so listing it changes nothing.
  const categories: string[] = [];
  const list = raw.categories?.trim();
  for (const id of list ? list.split(/\s*,\s*|\s+/) : []) {
    if (id !== NECESSARY && !categories.includes(id) && check('categories', id, '', (s) => CATEGORY_ID.test(s), 'ids of letters, digits, - and _')) categories.push(id);
  }

  return {
    categories,
    policyUrl: check('policy-url', raw.policyUrl?.trim() || null, null, isSafeUrl, 'an http:, https: or relative URL'),
    revision: check('revision', raw.revision, 0, (n) => Number.isInteger(n) && n >= 0 && n < 1e9, 'a whole number from 0'),
    cookie: {
      name: check('cookie-name', raw.cookieName, 'cookie_consent', (s) => TOKEN.test(s), 'a cookie name'),
      domain: check<string | undefined>('cookie-domain', raw.cookieDomain || undefined, undefined, (s) => DOMAIN.test(s!), 'a domain such as example.com'),
      path: check('cookie-path', raw.cookiePath, '/', (s) => PATH.test(s), 'a path starting with /'),
      expiresDays: check('expires-days', raw.expiresDays, 182, (n) => n > 0 && n <= 3650, 'days, above 0 and at most 3650'),
    },
    position: pick('position', raw.position, POSITIONS),
    theme: pick('theme', raw.theme, THEMES),
    mode: pick('mode', raw.mode, MODES),
  };
}

/** Relative and http(s) URLs pass; `javascript:`, `data:` and every other scheme do not. */
function isSafeUrl(value: string | null): boolean {
  // Parsed as the browser parses an href, which drops tabs and newlines: "java\tscript:" is caught too.
  try {
    return /^https?:$/.test(new URL(value!, 'http://relative.invalid/').protocol);
  } catch {
    return false;
  }
}
