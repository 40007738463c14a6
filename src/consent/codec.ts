/**
 * The consent cookie's value, versions 1 and 2. The one place that writes and reads it.
 *
 *   value      = value-1 / value-2
 *   value-1    = "v=1" fields                                 ; a decision without services
 *   value-2    = "v=2" fields "&sg=" list "&sd=" list         ; with services: sg granted, sd refused
 *   fields     = "&r=" revision "&t=" timestamp "&id=" id "&s=" source "&g=" list "&d=" list
 *   revision   = 1*9DIGIT                    ; policy revision, decimal
 *   timestamp  = 1*15DIGIT                   ; ms since the epoch, decimal
 *   id         = 1*64( ALPHA / DIGIT / "-" / "_" )
 *   source     = "banner" / "preferences" / "api" / "gpc" / "trigger" / "placeholder"
 *   list       = [ category *( "+" category ) ]   ; g: granted, d: refused (denied)
 *   category   = ( ALPHA / DIGIT ) *39( ALPHA / DIGIT / "-" / "_" )   ; service ids alike
 *
 * Every byte is a `cookie-octet` (RFC 6265 section 4.1.1), so the value needs no quoting or escaping,
 * and it is a valid `application/x-www-form-urlencoded` string, so any language's query-string parser
 * reads it (where `+` becomes a space: split the lists on either). `necessary` is implied and never
 * written. A decision without services is written as version 1, byte for byte as before services
 * existed, so readers that know only version 1 keep reading it; version 2 is written only when there
 * are services, and always names at least one (services and categories share one namespace, and an id
 * appears once in all four lists). A value whose `v` is neither is a future (or foreign) format and
 * reads as no decision.
 */
import { CATEGORY_ID, NECESSARY, SOURCES, type Consent, type ConsentSource } from './record.js';
import { isAhead } from './rules.js';

/** The newest format version this code writes and reads (version 1 too: a decision without services). */
export const FORMAT_VERSION = 2;

/** Between the category lists and the service lists of a version-2 value. */
const SERVICES = '&sg=';

/**
 * Whether a cookie value is a consent decision in any format version (`v=<n>&r=…`), readable or not:
 * such a cookie is never another category's to delete, whatever its name.
 */
export const isConsentValue = (value: string): boolean => /^v=\d+&r=/.test(value);
/** Categories, and services, a value may hold: each list pair is capped on its own. */
export const MAX_CATEGORIES = 64;
/**
 * Copies of the consent cookie looked at in one header: as many cookies as Chromium and Firefox keep for one
 * site, so none that a browser sends is left out. A sibling subdomain can toss in a copy for each longer path
 * of a deep page, and browsers list those before the visitor's own at `/`. A header holding more was not sent
 * by a browser; the cap bounds what stuffing it costs (each copy may cost a full decode).
 */
const MAX_COPIES = 180;

/** Serialises a record to the cookie value: version 2 when it has a service, else version 1. */
export function encodeConsent(consent: Consent): string {
  const [granted, refused] = split(consent.categories);
  const fields = `&r=${consent.revision}&t=${consent.timestamp}&id=${consent.id}&s=${consent.source}` +
    `&g=${granted.join('+')}&d=${refused.join('+')}`;
  const [yes, no] = split(consent.services, consent.categories);
  return yes.length + no.length === 0 ? `v=1${fields}` : `v=2${fields}${SERVICES}${yes.join('+')}&sd=${no.join('+')}`;
}

/** The valid ids of `decisions` granted and refused, leaving out `necessary` and the ids of `taken`. */
function split(decisions: Record<string, boolean> | undefined, taken?: Record<string, boolean>): [string[], string[]] {
  const lists: [string[], string[]] = [[], []];
  if (!decisions) return lists;
  for (const id of Object.keys(decisions)) {
    if (id === NECESSARY || !CATEGORY_ID.test(id) || (taken && Object.hasOwn(taken, id))) continue;
    lists[decisions[id] === true ? 0 : 1].push(id);
  }
  return lists;
}

/**
 * Reads a cookie value back into a record. Anything that is not exactly a version-1 or version-2
 * value (another version, a truncated or altered value, a wrong type) gives `null`; it never throws.
 */
export function decodeConsent(value: unknown): Consent | null {
  return typeof value === 'string' ? decodeRange(value, 0, value.length, readLists) : null;
}

/** `A-Z a-z 0-9`, and with `dash`, also `-` and `_`: the bytes of category and decision ids. */
const isDigit = (code: number) => code > 47 && code < 58;
const isIdChar = (code: number, dash = true) =>
  isDigit(code) || ((code | 32) > 96 && (code | 32) < 123) || (dash && (code === 45 || code === 95));

/**
 * `decodeConsent` of `text.slice(start, end)`, without the slice: the server helper calls this on
 * every request, so it walks the header in place, field by field in grammar order, instead of
 * splitting and matching: several times faster, and nothing is copied but what the record holds.
 */
function decodeRange(text: string, start: number, end: number, lists: ListReader): Consent | null {
  // `v=1&r=` or `v=2&r=`: one digit, so the version costs two comparisons.
  const version = text.charCodeAt(start + 2);
  if (end - start > 4096 || (version !== 49 && version !== 50) || !text.startsWith('v=', start) ||
    !text.startsWith('&r=', start + 3)) return null;

  let at = start + 6;
  let i = at;
  let revision = 0;
  for (; i < end && isDigit(text.charCodeAt(i)); i++) revision = revision * 10 + text.charCodeAt(i) - 48;
  if (i === at || i - at > 9 || !text.startsWith('&t=', i)) return null;

  at = i += 3;
  let timestamp = 0; // 15 digits stay below 2^53, so this sum is exact
  for (; i < end && isDigit(text.charCodeAt(i)); i++) timestamp = timestamp * 10 + text.charCodeAt(i) - 48;
  if (i === at || i - at > 15 || !text.startsWith('&id=', i)) return null;

  at = i += 4;
  while (i < end && isIdChar(text.charCodeAt(i))) i++;
  if (i === at || i - at > 64 || !text.startsWith('&s=', i)) return null;
  const id = text.slice(at, i);

  at = i + 3;
  let source: ConsentSource | undefined;
  for (const name of SOURCES) {
    if (text.startsWith(name, at) && text.startsWith('&g=', at + name.length)) {
      source = name;
      break;
    }
  }
  if (source === undefined) return null;

  at += source.length + 3;
  if (version === 49 /* 1 */) {
    const categories = lists(text, at, end);
    return categories && { categories, revision, timestamp, id, source };
  }
  // No id holds `&`, so the last `&sg=` is where the services begin. Searched by hand within the
  // value: `lastIndexOf` would run on through the rest of the header when there is none.
  let split = end - SERVICES.length;
  while (split >= at && !(text.charCodeAt(split) === 38 /* & */ && text.startsWith(SERVICES, split))) split--;
  if (split < at) return null;
  const categories = lists(text, at, split);
  if (categories === null) return null;
  const services = readIds(text, split + SERVICES.length, end, {}, '&sd=', categories);
  return services && { categories, revision, timestamp, id, source, services };
}

/**
 * Reads the two category lists, `g=` (already passed) then `&d=`, from `start` to `end`, into a map
 * with `necessary` granted; `null` when they break the grammar. A parameter of the decoder so that
 * the server can put a memory of recent lists in front of it (src/server/), which pages do not need.
 */
export type ListReader = (text: string, start: number, end: number) => Record<string, boolean> | null;

/** The `ListReader` of the grammar above. */
export const readLists: ListReader = (text, i, end) => readIds(text, i, end, { [NECESSARY]: true }, '&d=');

/**
 * Reads a granted list (from `i`), then `second` and a refused list to `end`, into `ids`; `null` when
 * they break the grammar, repeat an id, or (for services) name one of `taken` or none at all.
 */
function readIds(
  text: string,
  i: number,
  end: number,
  ids: Record<string, boolean>,
  second: string,
  taken?: Record<string, boolean>,
): Record<string, boolean> | null {
  let count = 0;
  let granting = true;
  for (;;) {
    if (i < end && text.charCodeAt(i) !== 38 /* & */) {
      for (;;) {
        const from = i;
        if (i === end || !isIdChar(text.charCodeAt(i), false)) return null;
        for (i++; i < end && isIdChar(text.charCodeAt(i)); i++);
        if (i - from > 40 || ++count > MAX_CATEGORIES) return null;
        const id = text.slice(from, i);
        // Also rejects `necessary`, which the writer never writes.
        if (Object.hasOwn(ids, id) || (taken && Object.hasOwn(taken, id))) return null;
        ids[id] = granting;
        if (i === end || text.charCodeAt(i) === 38 /* & */) break;
        if (text.charCodeAt(i++) !== 43 /* + */) return null;
      }
    }
    if (!granting) return i === end && (count > 0 || !taken) ? ids : null;
    if (!text.startsWith(second, i)) return null;
    granting = false;
    i += second.length;
  }
}

/**
 * Finds the consent cookie in a `Cookie` header (or `document.cookie`) and decodes it.
 *
 *   cookie-string = cookie-pair *( ";" SP cookie-pair )     ; RFC 6265 section 4.2.1
 *   cookie-pair   = cookie-name "=" cookie-value
 *
 * Real headers are looser than the grammar, so this also takes odd spacing, a value in double quotes
 * and a `%`-escaped value. When the name occurs more than once (a host-only copy left beside a newer
 * `Domain` one, two paths, or a copy a sibling subdomain tossed in for a parent domain), the copy that
 * decodes with the newest timestamp is the visitor's decision, the first of them on a tie. Order cannot
 * say it: browsers list longer paths first, then older cookies first (RFC 6265 section 5.4), so a copy
 * left from before the site set `cookie-domain` comes before the visitor's later choice. A malformed
 * copy, and one dated further ahead than clocks differ (`isAhead`), is skipped, never preferred: a
 * forged date would otherwise outrank every later decision. Only the first `MAX_COPIES` copies are
 * looked at, so no header costs more than that many decodes. `accept` then judges that decision: when
 * it does not take it, the result is `null`, even if an older copy would pass, since an older decision
 * is one the visitor has replaced. Walks the string by index and allocates only for the candidates.
 * `lists` reads the category lists (the server passes one with a memory, see `ListReader`).
 */
export function findConsent(
  header: unknown,
  name: string,
  accept: (consent: Consent) => boolean = acceptAny,
  lists: ListReader = readLists,
): Consent | null {
  if (typeof header !== 'string' || name === '') return null;
  const length = header.length;
  let newest: Consent | null = null;
  let now = 0;
  let copies = 0;
  let from = 0;
  while (from < length && copies < MAX_COPIES) {
    const at = header.indexOf(name, from);
    if (at === -1) break;
    from = at + name.length;
    if (!startsPair(header, at)) continue;
    let eq = from;
    while (eq < length && isSpace(header.charCodeAt(eq))) eq++;
    if (header.charCodeAt(eq) !== 61 /* = */) continue;
    let end = header.indexOf(';', eq + 1);
    if (end === -1) end = length;
    copies++;
    from = end;
    const consent = decodeValue(header, eq + 1, end, lists);
    if (consent === null) continue;
    now ||= Date.now(); // read the clock only once a copy decodes
    if (!isAhead(consent, now) && (newest === null || consent.timestamp > newest.timestamp)) newest = consent;
  }
  return newest !== null && accept(newest) ? newest : null;
}

const acceptAny = () => true;

/** True when `at` is the start of a cookie-pair: at the start, or after `;` and optional spaces. */
function startsPair(header: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && isSpace(header.charCodeAt(i))) i--;
  return i < 0 || header.charCodeAt(i) === 59 /* ; */;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

/** Decodes the value between `start` and `end`: trimmed, unquoted and, when it has a `%`, unescaped. */
function decodeValue(header: string, start: number, end: number, lists: ListReader): Consent | null {
  while (start < end && isSpace(header.charCodeAt(start))) start++;
  while (end > start && isSpace(header.charCodeAt(end - 1))) end--;
  if (end - start >= 2 && header.charCodeAt(start) === 34 && header.charCodeAt(end - 1) === 34 /* " */) {
    start++;
    end--;
  }
  const consent = decodeRange(header, start, end, lists);
  // A value that decodes as it is had no `%` (the grammar has none); otherwise it may be escaped.
  if (consent !== null) return consent;
  // Escaping at most triples a valid value's length; the slice of a longer one would be wasted.
  if (end - start > 3 * 4096) return null;
  const value = header.slice(start, end); // searched on its own: `%` in a later cookie is not ours
  // Every byte of a valid value is ASCII, so each `%` must escape one (this also spares a throw per
  // malformed escape, which hostile headers could repeat thousands of times).
  if (!value.includes('%') || /%(?![0-7][\dA-Fa-f])/.test(value)) return null;
  try {
    const unescaped = decodeURIComponent(value);
    return decodeRange(unescaped, 0, unescaped.length, lists);
  } catch {
    return null; // a malformed escape
  }
}
