/**
 * `ServerOptions`, read defensively. The server helper takes options from code the site owner wrote,
 * sometimes from environment variables or config files, so a bad value is reported once and then
 * treated as not given, exactly like a wrong attribute on the element.
 */
import { COOKIE_NAME, DEFAULT_COOKIE_NAME, isCurrent, type Consent, type Validity } from '../consent/index.js';

/**
 * How the server helper reads the consent cookie. Every field is optional; a bad value (wrong type,
 * out of range) is reported once with `console.warn` and treated as not given.
 */
export interface ServerOptions {
  /** Name of the consent cookie; default `cookie_consent` (the element's `cookie-name`). */
  cookieName?: string;
  /** The current policy revision: a decision for another revision reads as `null`. */
  revision?: number;
  /** Lifetime of a decision in days: an older decision reads as `null`. */
  expiresDays?: number;
  /**
   * `true` where the element has `ignore-gpc`: a request with `Sec-GPC: 1` and no valid decision reads as no
   * decision (`null`), as the page then asks the visitor, instead of as a refusal.
   */
  ignoreGpc?: boolean;
  /**
   * The category of each service that is no preset (presets know theirs), e.g. `{ chat: 'preferences' }`:
   * a decision that has no entry for a service answers for it with its category (`hasConsent`, `cookieGuard`).
   */
  serviceCategories?: Record<string, string>;
}

/** The options after checking: the cookie name to look for and the rules a decision must meet. */
export interface Resolved {
  name: string;
  /** Whether a decision meets the rules (`isCurrent`); `undefined` when no rule applies. */
  accept: ((consent: Consent) => boolean) | undefined;
  /** The `revision` a GPC refusal is recorded with. */
  revision: number;
  /** Whether `Sec-GPC: 1` reads as a refusal where there is no valid decision (not with `ignoreGpc`). */
  gpc: boolean;
}

export const DEFAULTS: Resolved = { name: DEFAULT_COOKIE_NAME, accept: undefined, revision: 0, gpc: true };

// The codec writes revisions as 1 to 9 decimal digits.
const MAX_REVISION = 999_999_999;

/** What was warned of, apart: what the site's options say, and what its responses say (the guard's dropped cookies). */
const warned = { options: new Set<string>(), responses: new Set<string>() };

/**
 * `console.warn`s `message` once per `key` (not per call: options are read on every request). The memory is
 * capped at 1,000 keys for each `kind`: keys can come from the names of cookies a response sets, and those (a
 * name per user or per experiment) must not use up the room that a bad option needs to be told.
 */
export function warnOnce(key: string, message: () => string, kind: keyof typeof warned = 'options'): void {
  const keys = warned[kind];
  if (keys.has(key) || keys.size >= 1000) return;
  keys.add(key);
  try {
    console.warn(`cookie-consent-element/server: ${message()}`);
  } catch {
    // No console, or one that throws: nothing else depends on the warning.
  }
}

/** Reports a bad option once per option name; the option is then treated as not given. */
export function warn(option: string, value: unknown, expected: string): void {
  warnOnce(`option ${option}`, () => {
    const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40))
      : typeof value === 'object' || typeof value === 'function' ? `(${typeof value})` : String(value);
    return `ignoring option ${option} = ${shown}; expected ${expected}.`;
  });
}

/**
 * Checks `options`. Never throws: options that are not an object, or whose getters throw, count as
 * not given, and so does a field that is `null` or `undefined`.
 *
 * - `cookieName`: a name the element accepts too (`COOKIE_NAME`: no spaces, `;`, `=`, quotes, `%` …), else the default.
 * - `revision`: an integer from 0 to 999 999 999, else no revision rule.
 * - `expiresDays`: a number greater than 0 (fractions allowed), else no expiry rule.
 * - `ignoreGpc`: a boolean, else `false` (GPC counts, as on the element without `ignore-gpc`).
 */
export function resolveOptions(options: unknown): Resolved {
  if (options === undefined || options === null) return DEFAULTS;
  if (typeof options !== 'object' && typeof options !== 'function') return DEFAULTS;
  const given = options as Record<keyof ServerOptions, unknown>;
  const cookieName = read(given, 'cookieName');
  const revision = read(given, 'revision');
  const expiresDays = read(given, 'expiresDays');
  const ignoreGpc = read(given, 'ignoreGpc');
  // Most apps pass the same options object on every request: reuse the last result while its values
  // stay the same (they are read again each time, so a changed option takes effect at once).
  if (
    last !== undefined && last.options === options && last.cookieName === cookieName &&
    Object.is(last.revision, revision) && Object.is(last.expiresDays, expiresDays) && Object.is(last.ignoreGpc, ignoreGpc)
  ) return last.resolved;
  const resolved = check(cookieName, revision, expiresDays, ignoreGpc);
  last = { options, cookieName, revision, expiresDays, ignoreGpc, resolved };
  return resolved;
}

let last: { options: object; cookieName: unknown; revision: unknown; expiresDays: unknown; ignoreGpc: unknown; resolved: Resolved } | undefined;

function check(cookieName: unknown, revision: unknown, expiresDays: unknown, ignoreGpc: unknown): Resolved {
  let name = DEFAULT_COOKIE_NAME;
  if (cookieName !== undefined && cookieName !== null) {
    if (typeof cookieName === 'string' && COOKIE_NAME.test(cookieName)) name = cookieName;
    else warn('cookieName', cookieName, 'a cookie name such as "cookie_consent"');
  }

  let validity: Validity | undefined;
  let gpcRevision = 0;
  if (revision !== undefined && revision !== null) {
    if (typeof revision === 'number' && Number.isInteger(revision) && revision >= 0 && revision <= MAX_REVISION) {
      validity = { revision };
      gpcRevision = revision;
    } else {
      warn('revision', revision, 'an integer from 0 to 999999999');
    }
  }
  if (expiresDays !== undefined && expiresDays !== null) {
    // Infinity is allowed and means what it says: no expiry.
    if (typeof expiresDays === 'number' && expiresDays > 0) (validity ??= {}).expiresDays = expiresDays;
    else warn('expiresDays', expiresDays, 'a number of days greater than 0');
  }

  let gpc = true;
  if (ignoreGpc !== undefined && ignoreGpc !== null) {
    if (typeof ignoreGpc === 'boolean') gpc = !ignoreGpc;
    else warn('ignoreGpc', ignoreGpc, 'true or false');
  }

  if (name === DEFAULT_COOKIE_NAME && validity === undefined && gpc) return DEFAULTS;
  const rules = validity;
  return {
    name,
    accept: rules === undefined ? undefined : (consent) => isCurrent(consent, rules),
    revision: gpcRevision,
    gpc,
  };
}

export function read(options: Record<string, unknown>, key: string): unknown {
  try {
    return options[key];
  } catch {
    return undefined; // a getter that throws: treat the option as not given
  }
}
