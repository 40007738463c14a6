/**
 * The consent cookie's value, version 1. The one place that writes and reads it.
 *
 *   value      = "v=1" "&r=" revision "&t=" timestamp "&id=" id "&s=" source "&g=" list "&d=" list
 *   revision   = 1*9DIGIT                    ; policy revision, decimal
 *   timestamp  = 1*15DIGIT                   ; ms since the epoch, decimal
 *   id         = 1*64( ALPHA / DIGIT / "-" / "_" )
 *   source     = "banner" / "preferences" / "api" / "gpc" / "trigger" / "placeholder"
 *   list       = [ category *( "+" category ) ]   ; g: granted, d: refused (denied)
 *   category   = ( ALPHA / DIGIT ) *39( ALPHA / DIGIT / "-" / "_" )
 *
 * Every byte is a `cookie-octet` (RFC 6265 section 4.1.1), so the value needs no quoting or escaping,
 * and it is a valid `application/x-www-form-urlencoded` string, so any language's query-string parser
 * reads it (where `+` becomes a space: split the lists on either). `necessary` is implied and never
 * written. A value whose `v` is not `1` is a future (or foreign) format and reads as no decision.
 */
import { CATEGORY_ID, NECESSARY, SOURCES, type Consent, type ConsentSource } from './record.js';
import { isAhead } from './rules.js';

/** The format version this code writes and reads. */
export const FORMAT_VERSION = 1;

const PREFIX = `v=${FORMAT_VERSION}&r=`;

/**
 * Whether a cookie value is a consent decision in any format version (`v=<n>&r=…`), readable or not:
 * such a cookie is never another category's to delete, whatever its name.
 */
export const isConsentValue = (value: string): boolean => /^v=\d+&r=/.test(value);
const MAX_CATEGORIES = 64;
/**
 * Copies of the consent cookie looked at in one header. A browser sends a few (host-only and `Domain`,
 * two paths); more come only from someone stuffing the header, and each copy may cost a full decode.
 */
const MAX_COPIES = 16;

/** Serialises a record to the cookie value. */
export function encodeConsent(consent: Consent): string {
  const granted: string[] = [];
  const refused: string[] = [];
  for (const category of Object.keys(consent.categories)) {
    if (category === NECESSARY || !CATEGORY_ID.test(category)) continue;
    (consent.categories[category] === true ? granted : refused).push(category);
  }
  return `${PREFIX}${consent.revision}&t=${consent.timestamp}&id=${consent.id}&s=${consent.source}` +
    `&g=${granted.join('+')}&d=${refused.join('+')}`;
}

/**
 * Reads a cookie value back into a record. Anything that is not exactly a version-1 value
 * (another version, a truncated or altered value, a wrong type) gives `null`; it never throws.
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
  if (end - start > 4096 || !text.startsWith(PREFIX, start)) return null;

  let at = start + PREFIX.length;
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

  const categories = lists(text, at + source.length + 3, end);
  return categories && { categories, revision, timestamp, id, source };
}

/**
 * Reads the two category lists, `g=` (already passed) then `&d=`, from `start` to `end`, into a map
 * with `necessary` granted; `null` when they break the grammar. A parameter of the decoder so that
 * the server can put a memory of recent lists in front of it (src/server/), which pages do not need.
 */
export type ListReader = (text: string, start: number, end: number) => Record<string, boolean> | null;

/** The `ListReader` of the grammar above. */
export const readLists: ListReader = (text, i, end) => {
  const categories: Record<string, boolean> = { [NECESSARY]: true };
  let count = 0;
  let granting = true;
  for (;;) {
    if (i < end && text.charCodeAt(i) !== 38 /* & */) {
      for (;;) {
        const from = i;
        if (i === end || !isIdChar(text.charCodeAt(i), false)) return null;
        for (i++; i < end && isIdChar(text.charCodeAt(i)); i++);
        if (i - from > 40 || ++count > MAX_CATEGORIES) return null;
        const category = text.slice(from, i);
        // Also rejects `necessary`, which the writer never writes.
        if (Object.hasOwn(categories, category)) return null;
        categories[category] = granting;
        if (i === end || text.charCodeAt(i) === 38 /* & */) break;
        if (text.charCodeAt(i++) !== 43 /* + */) return null;
      }
    }
    if (!granting) return i === end ? categories : null;
    if (!text.startsWith('&d=', i)) return null;
    granting = false;
    i += 3;
  }
};

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
