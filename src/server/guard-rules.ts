/**
 * What the cookie guard keeps and drops (CONTRACT section 9), apart from how a runtime hands it the
 * `Set-Cookie` headers (guard.ts). No Node, no DOM: strings in, strings out.
 */
import { CATEGORY_ID, NECESSARY, isConsentValue, type Consent } from '../consent/index.js';
import { PRESETS } from '../presets/data.js';
import { read, resolveOptions, warn, warnOnce, type Resolved, type ServerOptions } from './options.js';
import { categoryOf, grants } from './services.js';

/**
 * The options of `cookieGuard` and `guardResponse`: those of the other helpers (which consent cookie,
 * which decisions still count) and which cookies belong to which category or service. Cookie names
 * are exact, or end in `*` for every name that starts with the rest (`_ga_*`); a bare `*` matches
 * nothing. A cookie that no list names is never touched.
 */
export interface GuardOptions extends ServerOptions {
  /** Cookie names per category id, e.g. `{ analytics: ['visits', 'ab_*'] }`. `necessary` ones always pass. */
  categories?: Record<string, readonly string[]>;
  /** Cookie names per service id, e.g. `{ chat: ['chat_*'] }`; its category comes from its preset or `serviceCategories`. */
  services?: Record<string, readonly string[]>;
  /** Preset ids (`ga4`, `youtube`, …): each is a service with its preset's category and cookie names. */
  presets?: readonly string[];
}

/** Who a cookie name belongs to: a category, or a service and the category it falls back to. */
interface Owner {
  id: string;
  /** For a service: its category, if known (a decision without an entry for it then answers). */
  category?: string;
  service: boolean;
}

/** Options compiled once: exact names in a map, prefixes in a list. */
export interface Rules {
  resolved: Resolved;
  exact: Map<string, Owner[]>;
  prefixes: [prefix: string, owner: Owner][];
}

/** The cookie names a pattern list may hold: RFC 6265 `token`s, with an optional trailing `*`. */
const PATTERN = /^[!#$%&'+\-.^_`|~0-9A-Za-z]+\*?$/;

/** Checks `options` and indexes their cookie names. Never throws: bad parts warn once and are left out. */
export function compileRules(options: unknown): Rules {
  const rules: Rules = { resolved: resolveOptions(options), exact: new Map(), prefixes: [] };
  if (typeof options !== 'object' || options === null) return rules;
  const given = options as Record<string, unknown>;
  for (const [id, names] of entries(given, 'categories')) add(rules, { id, service: false }, names, `categories.${id}`);
  for (const [id, names] of entries(given, 'services')) {
    add(rules, { id, category: categoryOf(id, options), service: true }, names, `services.${id}`);
  }
  const presets = read(given, 'presets');
  if (presets !== undefined && presets !== null) {
    if (!Array.isArray(presets)) warn('presets', presets, 'an array of preset ids such as ["ga4"]');
    else {
      for (const id of presets as unknown[]) {
        if (typeof id === 'string' && Object.hasOwn(PRESETS, id)) {
          add(rules, { id, category: categoryOf(id, options), service: true }, PRESETS[id]!.cookies, 'presets');
        } else {
          warn(`presets.${typeof id === 'string' ? id : typeof id}`, id, `a preset id: ${Object.keys(PRESETS).join(', ')}`);
        }
      }
    }
  }
  // Longest prefix first only for the warning's sake: any match counts.
  rules.prefixes.sort((a, b) => b[0].length - a[0].length);
  return rules;
}

/** The `[id, names]` of `options[key]`, an object of id to name list; a bad one warns and gives none. */
function entries(options: Record<string, unknown>, key: string): [string, unknown][] {
  const value = read(options, key);
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) {
    warn(key, value, 'an object of id to cookie names, such as { analytics: ["_ga", "_ga_*"] }');
    return [];
  }
  const result: [string, unknown][] = [];
  for (const id of Object.keys(value)) {
    if (CATEGORY_ID.test(id)) result.push([id, (value as Record<string, unknown>)[id]]);
    else warn(`${key}.${id}`, id, 'a letter or digit, then up to 39 letters, digits, "-" or "_"');
  }
  return result;
}

function add(rules: Rules, owner: Owner, names: unknown, option: string): void {
  if (!Array.isArray(names)) {
    warn(option, names, 'an array of cookie names such as ["_ga", "_ga_*"]');
    return;
  }
  for (const name of names as unknown[]) {
    if (typeof name !== 'string' || !PATTERN.test(name) || name === '*') {
      const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 40)) : `(${typeof name})`;
      warnOnce(`${option} ${shown}`, () => `ignoring ${shown} in option ${option}; expected a cookie name, or a prefix ending in "*" (a bare "*" would take every cookie).`);
    } else if (name.endsWith('*')) {
      rules.prefixes.push([name.slice(0, -1), owner]);
    } else {
      const owners = rules.exact.get(name);
      if (owners) owners.push(owner);
      else rules.exact.set(name, [owner]);
    }
  }
}

/**
 * The `Set-Cookie` values of `cookies` that may be sent under the request's decision, which
 * `decision()` reads (only once a cookie needs it). A cookie is dropped when it belongs to a category
 * or service the decision does not grant (no decision grants nothing), unless it is the consent cookie
 * (by name, or by a value that is a decision), belongs to `necessary`, or deletes itself (`Max-Age`
 * of 0 or less, or an `Expires` in the past: how a site cleans up). Returns `cookies` itself when
 * nothing is dropped. Warns once per dropped name.
 */
export function keptCookies(cookies: readonly string[], rules: Rules, decision: () => Consent | null): readonly string[] {
  let kept: string[] | undefined;
  for (let i = 0; i < cookies.length; i++) {
    const cookie = cookies[i]!;
    const refused = typeof cookie === 'string' ? refusedOwner(cookie, rules, decision) : undefined;
    if (refused !== undefined) {
      kept ??= cookies.slice(0, i);
      const { name, owner } = refused;
      warnOnce(`dropped ${name}`, () => `cookieGuard dropped Set-Cookie "${name}": ${owner.service ? 'service' : 'category'} ` +
        `"${owner.id}" is not granted by the visitor's decision. (Warned once per cookie name.)`, 'responses');
    } else if (kept) {
      kept.push(cookie);
    }
  }
  return kept ?? cookies;
}

/** The cookie's name and an owner that does not grant it, or `undefined` when it may be sent: when none of its owners refuses it, or one grants it. */
function refusedOwner(cookie: string, rules: Rules, decision: () => Consent | null): { name: string; owner: Owner } | undefined {
  const semicolon = cookie.indexOf(';');
  const pair = semicolon === -1 ? cookie : cookie.slice(0, semicolon);
  const eq = pair.indexOf('=');
  // A pair without `=` is ignored by browsers (RFC 6265 section 5.2): nothing to guard.
  if (eq === -1) return undefined;
  const name = pair.slice(0, eq).trim();
  const owners = ownersOf(name, rules);
  if (owners === undefined || name === rules.resolved.name || isConsentValue(pair.slice(eq + 1).trim())) return undefined;
  if (owners.some((owner) => !owner.service && owner.id === NECESSARY) || deletes(cookie, semicolon)) return undefined;
  const consent = decision();
  // A cookie that something granted claims may be set, though something refused claims it too: a category's own
  // list beside its granted service's preset (analytics refused, as its hotjar is, names _ga, which ga4 sets).
  return owners.some(({ id, category }) => grants(consent, id, () => category)) ? undefined : { name, owner: owners[0]! };
}

function ownersOf(name: string, { exact, prefixes }: Rules): Owner[] | undefined {
  let owners = exact.get(name);
  for (const [prefix, owner] of prefixes) {
    if (name.startsWith(prefix)) (owners = owners ? [...owners] : []).push(owner);
  }
  return owners;
}

/**
 * Whether the cookie deletes itself (RFC 6265 section 5.3): `Max-Age` of 0 or less, or, without a
 * valid `Max-Age` (which wins), an `Expires` date in the past. The last of each attribute counts.
 */
function deletes(cookie: string, semicolon: number): boolean {
  if (semicolon === -1) return false;
  let maxAge: string | undefined;
  let expires: string | undefined;
  for (const attribute of cookie.slice(semicolon + 1).split(';')) {
    const eq = attribute.indexOf('=');
    if (eq === -1) continue;
    const key = attribute.slice(0, eq).trim().toLowerCase();
    if (key === 'max-age') maxAge = attribute.slice(eq + 1).trim();
    else if (key === 'expires') expires = attribute.slice(eq + 1).trim();
  }
  // RFC 6265 section 5.2.2: a Max-Age that is not `-`? digits is ignored.
  if (maxAge !== undefined && /^-?\d+$/.test(maxAge)) return Number(maxAge) <= 0;
  return expires !== undefined && cookieDate(expires) < Date.now();
}

const MONTHS = 'janfebmaraprmayjunjulaugsepoctnovdec';

/**
 * An `Expires` date as browsers read it (RFC 6265 section 5.1.1), in ms; `NaN` where they ignore the
 * attribute and keep the cookie for the session. Not `Date.parse`, which reads `1970`, `0` or
 * `2000-01-01` as dates in the past: a cookie so written would pass as a deletion, and stay.
 */
function cookieDate(text: string): number {
  let time: RegExpExecArray | null = null;
  let day = NaN;
  let month = NaN;
  let year = NaN;
  for (const token of text.split(/[\t\x20-\x2f\x3b-\x40\x5b-\x60\x7b-\x7e]+/)) {
    const hms = /^(\d\d?):(\d\d?):(\d\d?)(?!\d)/.exec(token);
    // A month is a token that starts with a month's three letters ("jan", "January").
    const named = token.length >= 3 ? MONTHS.indexOf(token.slice(0, 3).toLowerCase()) : -1;
    if (!time && hms) time = hms;
    else if (Number.isNaN(day) && /^\d\d?(?!\d)/.test(token)) day = parseInt(token, 10);
    else if (Number.isNaN(month) && named >= 0 && named % 3 === 0) month = named / 3;
    else if (Number.isNaN(year) && /^\d{2,4}(?!\d)/.test(token)) year = parseInt(token, 10);
  }
  year += year < 70 ? 2000 : year < 100 ? 1900 : 0;
  const [hours, minutes, seconds] = time ? [+time[1]!, +time[2]!, +time[3]!] : [NaN, NaN, NaN];
  if (!(day >= 1 && day <= 31 && year >= 1601 && hours <= 23 && minutes <= 59 && seconds <= 59)) return NaN;
  const date = Date.UTC(year, month, day, hours, minutes, seconds);
  // A day the month does not have (31 February): no date, as for browsers.
  return new Date(date).getUTCDate() === day ? date : NaN;
}
